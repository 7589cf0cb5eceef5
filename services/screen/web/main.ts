import { shanghaiParts } from '@redstream/schema/time';
import { readConfig, screenKey } from './config.ts';
import type { ScreenConfig } from './figures.ts';
import { dayAt, OFFLINE_GLYPHS } from './honesty.ts';
import { followLiveFigures } from './live.ts';
import { LiveNowPanel } from './live-now.ts';
import { MetricLegend } from './metrics.ts';
import { RegionDrill } from './region-map.ts';
import { FOCUS, pagesAt, Rotation, type PlaylistHall, type PlaylistPage } from './playlist.ts';
import { fitStage, parseFitMode, type PanelId } from './stage.ts';
import { ScreenView } from './view.ts';
import { startWatchdog } from './watchdog.ts';

const config = readConfig();
const stage = document.getElementById('stage')!;
document.title = `${config.title} · ${config.scopeLabel}`;

// ?fit=letterbox|fill (or the hall's mode): the classic 16:9 picture whole or cropped; default: laid out for the wall.
const mode = parseFitMode(new URL(window.location.href).searchParams.get('fit') ?? config.fit);
const pixelRatio = (scale: number) => Math.max(1, (window.devicePixelRatio || 1) * scale);
let focus: PanelId | undefined;
const view = new ScreenView(pixelRatio(fitStage(stage, mode).scale));
view.header(config.title, config.scopeLabel);
// 口径: definitions the server wrote into the page, on hover and on the playlist's legend page.
new MetricLegend(stage, config.metrics ?? []);
const legend = document.getElementById('legend')!;

// Charts draw on canvas, which does not redraw when a font subset arrives after it painted (the
// DOM text does): redraw them whenever the browser finishes loading font slices.
document.fonts.addEventListener('loadingdone', () => view.resize());
// The font arrives in slices by unicode-range, fetched when a glyph is first drawn. What the page
// says when the server is gone must not wait for the server: fetch those glyphs now.
for (const weight of ['400', '700']) void document.fonts.load(`${weight} 20px "Noto Sans SC"`, OFFLINE_GLYPHS).catch(() => undefined);

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
const relayout = () => {
  const plan = fitStage(stage, mode, window, focus);
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => view.resize(pixelRatio(plan.scale)), 200);
};
window.addEventListener('resize', relayout);

// The watchdog's budget: ?memoryBudgetMb= for a test or a small PC, else 256 MB (the screen uses ~15).
const params = new URL(window.location.href).searchParams;
const watchdog = startWatchdog({
  budgetBytes: (Number(params.get('memoryBudgetMb')) || 256) * 1048576,
  everyMs: Number(params.get('watchdogEveryMs')) || undefined,
  isSafe: () => view.linkState === 'live' && !rotation?.paused,
});

const key = screenKey();
const drill = new RegionDrill(view.charts, { crumbs: document.getElementById('map-crumbs')!, heading: document.getElementById('map-heading')! }, config, key, () => dayAt(view.now()));
let live: { stop(): void } | undefined;
let scopeKey = '';
/** Follows `scope`'s figures (a playlist page of another scope subscribes anew). */
function follow(scope: ScreenConfig['scope']): void {
  const next = JSON.stringify(scope);
  if (!key || next === scopeKey) return;
  scopeKey = next;
  drill.follow(scope);
  live?.stop();
  live = followLiveFigures({
    config: { ...config, scope },
    key,
    probeUrl: new URL('/screen/alive', window.location.href).href,
    onFigures: (f, freshness) => {
      view.show(f);
      view.asOf(freshness);
      watchdog.safeMoment();
    },
    onState: (state, detail) => view.link(state, detail),
  });
}

const paused = document.getElementById('paused')!;
let rotation: Rotation | undefined;
if (config.playlist) void playHall(config.playlist.url);

setInterval(() => {
  view.tick();
  if (rotation && paused.hidden === rotation.paused) paused.hidden = !rotation.paused;
}, 1000);
view.tick();

if (!key) view.link('error', '缺少大屏密钥：请以 /screen?key=<大屏密钥> 打开本页（只需一次）');
else if (!config.playlist) follow(config.scope);

/**
 * A hall's screen: its playlist from the server, shown page by page; the playlist is read again
 * every few seconds and a new version (the halls file changed) takes over without a reload.
 */
async function playHall(url: string): Promise<void> {
  const read = async (): Promise<PlaylistHall | undefined> => {
    try {
      const response = await fetch(url, { cache: 'no-store' });
      return response.ok ? ((await response.json()) as PlaylistHall) : undefined;
    } catch {
      return undefined; // offline: the badge says so; keep the playlist we have
    }
  };
  let first = await read();
  while (!first) {
    await new Promise((r) => setTimeout(r, 5000));
    first = await read();
  }
  let hall: PlaylistHall = first;
  const minuteOfDay = () => {
    const p = shanghaiParts(view.now());
    return p.hour * 60 + p.minute;
  };
  const liveNow = key ? new LiveNowPanel(config, key) : undefined;
  const show = (page: PlaylistPage, index: number) => {
    if (page.kind === 'live-now') liveNow?.start(page.scope);
    else liveNow?.stop();
    legend.hidden = page.kind !== 'legend';
    stage.dataset.page = String(index);
    stage.dataset.pageKind = page.kind;
    view.header(page.title, page.label);
    document.title = `${page.title} · ${page.label}`;
    focus = FOCUS[page.kind];
    relayout();
    follow(page.scope);
    watchdog.safeMoment();
  };
  rotation = new Rotation(() => pagesAt(hall, minuteOfDay()), show);
  // Someone at the screen (a visitor pointing, a guide explaining): hold the page.
  for (const type of ['pointerdown', 'touchstart', 'keydown'] as const) document.addEventListener(type, () => rotation?.touch(), { passive: true });
  rotation.start();
  setInterval(() => {
    void read().then((next) => {
      if (!next || next.version === hall.version) return;
      hall = next;
      rotation?.restart();
    });
  }, 5000);
}
