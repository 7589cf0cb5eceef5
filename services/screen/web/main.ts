import { ScreenCharts } from './charts.ts';
import { readConfig, screenKey } from './config.ts';
import { RollingCounter } from './counter.ts';
import type { LiveFigures } from './figures.ts';
import { formatAge, formatFen, formatInt, formatYuan, toFen } from './format.ts';
import { followLiveFigures, type LinkState } from './live.ts';
import { fitStage } from './stage.ts';

const $ = (id: string): HTMLElement => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el;
};
const setText = (id: string, text: string) => {
  const el = $(id);
  if (el.textContent !== text) el.textContent = text;
};

const config = readConfig();
const stage = $('stage');
setText('title', config.title);
setText('scope-label', config.scopeLabel);
document.title = `${config.title} · ${config.scopeLabel}`;

let scale = fitStage(stage);
const charts = new ScreenCharts(
  { hours: $('chart-hours'), categories: $('chart-categories'), map: $('chart-map'), top: $('chart-top') },
  Math.max(1, (window.devicePixelRatio || 1) * scale),
);
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  scale = fitStage(stage);
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => charts.resize(), 200);
});

const gmv = new RollingCounter($('gmv'), formatFen);
const orders = new RollingCounter($('orders'), formatInt);
const farmGmv = new RollingCounter($('farm-gmv'), formatFen);
const farmerIncome = new RollingCounter($('farmer-income'), formatFen);

/** Newest figure: its age at the server when pushed, and when the push arrived here (no clock skew). */
let newest: { ageAtPush: number; receivedAt: number } | undefined;
let latestDay = '';

function show(f: LiveFigures): void {
  gmv.set(toFen(f.today.gmv));
  orders.set(f.today.orders);
  setText('opm', f.ordersPerMinute.toFixed(1));
  setText('streamers', formatInt(f.today.streamers));
  setText('last-minute', formatInt(f.ordersLastMinute));
  setText('refunds', formatYuan(f.today.refunds));
  setText('aov', formatYuan(f.today.averageOrderValue));
  farmGmv.set(toFen(f.farmSalesToday.gmv));
  setText('farm-orders', formatInt(f.farmSalesToday.orders));
  farmerIncome.set(toFen(f.farmerIncomeToday));
  setText('households', formatInt(f.farmerHouseholdsToday));
  setText('branches', formatInt(f.branches));
  setText('members', formatInt(f.members));
  setText('applicants', formatInt(f.applicants));
  setText('trained', formatInt(f.trainingThisYear.personTimes));
  setText('sessions', formatInt(f.trainingThisYear.sessions));
  setText('parcel-savings', formatYuan(f.parcelSavingsThisYear));
  setText('parcels', formatInt(f.parcelsThisYear));
  const top = $('chart-top');
  const ranking = f.topStreamers.map((s, i) => `${i + 1}. ${s.displayName} ¥${formatYuan(s.gmv)}`).join('；');
  if (top.getAttribute('aria-label') !== ranking) top.setAttribute('aria-label', ranking);
  charts.update(f);
  if (f.day !== latestDay) {
    latestDay = f.day;
    setText('day', f.day);
  }
  newest = f.newestSaleAt ? { ageAtPush: Math.max(0, Date.parse(f.computedAt) - Date.parse(f.newestSaleAt)), receivedAt: Date.now() } : undefined;
  tick();
  stage.dataset.position = f.position ?? '';
}

const clockFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** Once a second: the clock and the freshness of the newest figure (local arithmetic, no request). */
function tick(): void {
  setText('clock', clockFormat.format(Date.now()));
  const fresh = $('fresh');
  if (!newest) {
    setText('fresh-text', '今日暂无成交');
    fresh.dataset.state = 'waiting';
    return;
  }
  const age = newest.ageAtPush + (Date.now() - newest.receivedAt);
  setText('fresh-text', `最新成交 ${formatAge(age)}`);
  const state = age < 60_000 ? 'fresh' : age < 600_000 ? 'stale' : 'old';
  if (fresh.dataset.state !== state) fresh.dataset.state = state;
}
setInterval(tick, 1000);
tick();

const LINK_TEXT: Record<LinkState, string> = { connecting: '连接中', live: '实时', reconnecting: '重连中', error: '连接异常' };
function linkState(state: LinkState, detail?: string): void {
  const link = $('link');
  link.dataset.state = state;
  setText('link', LINK_TEXT[state]);
  link.title = detail ?? '';
  const notice = $('notice');
  const message = state === 'error' && detail ? detail : '';
  notice.hidden = !message;
  setText('notice', message);
}

const key = screenKey();
if (!key) {
  linkState('error', '缺少大屏密钥：请以 /screen?key=<大屏密钥> 打开本页（只需一次）');
} else {
  followLiveFigures({ config, key, onFigures: show, onState: linkState });
}
