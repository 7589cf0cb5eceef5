import { readConfig, screenKey } from './config.ts';
import { OFFLINE_GLYPHS } from './honesty.ts';
import { followLiveFigures } from './live.ts';
import { fitStage, parseFitMode } from './stage.ts';
import { ScreenView } from './view.ts';

const config = readConfig();
const stage = document.getElementById('stage')!;
document.title = `${config.title} · ${config.scopeLabel}`;

// ?fit=letterbox|fill: the classic 16:9 picture whole or cropped; default: laid out for the wall.
const mode = parseFitMode(new URL(window.location.href).searchParams.get('fit'));
const pixelRatio = (scale: number) => Math.max(1, (window.devicePixelRatio || 1) * scale);
const view = new ScreenView(pixelRatio(fitStage(stage, mode).scale));
view.header(config.title, config.scopeLabel);

// Charts draw on canvas, which does not redraw when a font subset arrives after it painted (the
// DOM text does): redraw them whenever the browser finishes loading font slices.
document.fonts.addEventListener('loadingdone', () => view.resize());
// The font arrives in slices by unicode-range, fetched when a glyph is first drawn. What the page
// says when the server is gone must not wait for the server: fetch those glyphs now.
for (const weight of ['400', '700']) void document.fonts.load(`${weight} 20px "Noto Sans SC"`, OFFLINE_GLYPHS).catch(() => undefined);

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  const plan = fitStage(stage, mode);
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => view.resize(pixelRatio(plan.scale)), 200);
});
setInterval(() => view.tick(), 1000);
view.tick();

const key = screenKey();
if (!key) view.link('error', '缺少大屏密钥：请以 /screen?key=<大屏密钥> 打开本页（只需一次）');
else followLiveFigures({ config, key, probeUrl: new URL('/screen/alive', window.location.href).href, onFigures: (f, freshness) => (view.show(f), view.asOf(freshness)), onState: (state, detail) => view.link(state, detail) });
