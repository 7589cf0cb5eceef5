import { ScreenCharts } from './charts.ts';
import { RollingCounter } from './counter.ts';
import type { Freshness, LiveFigures } from './figures.ts';
import { formatAge, formatFen, formatInt, formatYuan, toFen } from './format.ts';
import { OFFLINE_AFTER_MS, dataAgeMs, dayAt, rollOver, serverNow, staleNote } from './honesty.ts';
import type { LinkState } from './live.ts';
import { RankingList } from './ranking.ts';

const $ = (id: string): HTMLElement => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el;
};

const minuteFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });
/** Past this lag behind the event log the page says its figures are stale. */
export const STALE_AFTER_SECONDS = 60;

const clockFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const LINK_TEXT: Record<LinkState, string> = { connecting: '连接中', live: '实时', reconnecting: '重连中', error: '连接异常' };

/**
 * What the page shows, made once and updated in place: text only where it changed, three chart
 * instances fed data under fixed series ids, four rolling counters. Nothing grows per update.
 */
export class ScreenView {
  readonly charts: ScreenCharts;
  private readonly gmv = new RollingCounter($('gmv'), formatFen);
  private readonly orders = new RollingCounter($('orders'), formatInt);
  private readonly farmGmv = new RollingCounter($('farm-gmv'), formatFen);
  private readonly farmerIncome = new RollingCounter($('farmer-income'), formatFen);
  private readonly stage = $('stage');
  private readonly fresh = $('fresh');
  private readonly ranking = new RankingList($('rank-list'));
  private readonly offline = $('offline');
  /** Newest sale: its age at the server when pushed, and when the push arrived here (no clock skew). */
  private newest: { ageAtPush: number; receivedAt: number } | undefined;
  /** The last push as received: the figures shown are these, rolled over to the current day. */
  private last: { figures: LiveFigures; receivedAt: number; lagSeconds: number; asOf: number } | undefined;
  private offlineTimer: ReturnType<typeof setTimeout> | undefined;
  /** Since when the subscription has not been live (undefined while live). */
  private notLiveSince: number | undefined;
  /** Panels with a `data-max-age` (seconds): each says so when its figures are older than that. */
  private readonly tiles: { panel: HTMLElement; note: HTMLElement; maxAgeMs: number }[] = [];

  constructor(pixelRatio: number) {
    this.charts = new ScreenCharts({ hours: $('chart-hours'), categories: $('chart-categories'), map: $('chart-map') }, pixelRatio);
    for (const panel of document.querySelectorAll<HTMLElement>('.panel[data-max-age]')) {
      const note = document.createElement('p');
      note.className = 'stale-note';
      note.hidden = true;
      panel.append(note);
      this.tiles.push({ panel, note, maxAgeMs: Number(panel.dataset.maxAge) * 1000 });
    }
  }

  private text(id: string, text: string): void {
    const el = $(id);
    if (el.textContent !== text) el.textContent = text;
  }

  header(title: string, scopeLabel: string): void {
    this.text('title', title);
    this.text('scope-label', scopeLabel);
  }

  /** The server's clock as far as this page can tell (the display's own clock may be off). */
  now(local = Date.now()): number {
    return this.last ? serverNow(this.last.figures.computedAt, this.last.receivedAt, local) : local;
  }

  /** A push arrived: remember it, and show it as of the current day. */
  show(f: LiveFigures, receivedAt = Date.now()): void {
    this.last = { figures: f, receivedAt, lagSeconds: this.last?.lagSeconds ?? 0, asOf: Date.parse(f.computedAt) };
    this.newest = f.newestSaleAt ? { ageAtPush: Math.max(0, Date.parse(f.computedAt) - Date.parse(f.newestSaleAt)), receivedAt } : undefined;
    this.render(rollOver(f, dayAt(serverNow(f.computedAt, receivedAt, receivedAt))));
    this.stage.dataset.position = f.position ?? '';
    this.tick(receivedAt);
  }

  /** The Shanghai date the figures on screen are for. */
  private shownDay = '';

  private render(f: LiveFigures): void {
    this.shownDay = f.day;
    this.gmv.set(toFen(f.today.gmv));
    this.orders.set(f.today.orders);
    this.text('opm', f.ordersPerMinute.toFixed(1));
    this.text('streamers', formatInt(f.today.streamers));
    this.text('last-minute', formatInt(f.ordersLastMinute));
    this.text('refunds', formatYuan(f.today.refunds));
    this.text('aov', formatYuan(f.today.averageOrderValue));
    this.farmGmv.set(toFen(f.farmSalesToday.gmv));
    this.text('farm-orders', formatInt(f.farmSalesToday.orders));
    this.farmerIncome.set(toFen(f.farmerIncomeToday));
    this.text('households', formatInt(f.farmerHouseholdsToday));
    this.text('branches', formatInt(f.branches));
    this.text('members', formatInt(f.members));
    this.text('applicants', formatInt(f.applicants));
    this.text('trained', formatInt(f.trainingThisYear.personTimes));
    this.text('sessions', formatInt(f.trainingThisYear.sessions));
    this.text('parcel-savings', formatYuan(f.parcelSavingsThisYear));
    this.text('parcels', formatInt(f.parcelsThisYear));
    this.text('day', f.day);
    this.ranking.update(f);
    this.charts.update(f);
  }

  /**
   * Once a second, local arithmetic only: the clock; midnight (today's figures start from zero
   * even when no push comes); the offline badge; each tile's age against its threshold; the age
   * of the newest sale.
   */
  tick(now = Date.now()): void {
    const last = this.last;
    const server = last ? serverNow(last.figures.computedAt, last.receivedAt, now) : now;
    this.text('clock', clockFormat.format(server));
    const day = dayAt(server);
    if (last && day > this.shownDay) {
      this.render(rollOver(last.figures, day));
      this.newest = undefined;
    }
    const offline = this.notLiveSince !== undefined && now - this.notLiveSince >= OFFLINE_AFTER_MS;
    this.offline.hidden = !offline;
    if (offline) this.text('offline', last ? `离线 · 数据截至 ${minuteFormat.format(last.asOf)}` : '离线 · 尚无数据');
    // The badge says when the figures are from: the as-of label makes room for it.
    $('as-of').hidden = offline;
    const flag = offline ? 'true' : 'false';
    if (this.stage.dataset.offline !== flag) this.stage.dataset.offline = flag;
    const dataAge = dataAgeMs(last, now);
    for (const tile of this.tiles) {
      const note = staleNote(dataAge, tile.maxAgeMs);
      tile.note.hidden = !note;
      if (note && tile.note.textContent !== note) tile.note.textContent = note;
      const stale = note ? 'true' : 'false';
      if (tile.panel.dataset.stale !== stale) tile.panel.dataset.stale = stale;
    }
    if (!this.newest) {
      this.text('fresh-text', '今日暂无成交');
      this.fresh.dataset.state = 'waiting';
      return;
    }
    const age = this.newest.ageAtPush + (now - this.newest.receivedAt);
    this.text('fresh-text', `最新成交 ${formatAge(age)}`);
    const state = age < 60_000 ? 'fresh' : age < 600_000 ? 'stale' : 'old';
    if (this.fresh.dataset.state !== state) this.fresh.dataset.state = state;
  }

  /** "数据截至 HH:mm": when the figures were known complete; red (stale) once the projections lag too far. */
  asOf(freshness: Freshness | undefined): void {
    const el = $('as-of');
    if (!freshness?.dataAsOf) return;
    const lag = freshness.lagSeconds ?? 0;
    if (this.last) {
      this.last.lagSeconds = lag;
      this.last.asOf = Date.parse(freshness.dataAsOf);
    }
    const stale = lag > STALE_AFTER_SECONDS;
    this.text('as-of', `数据截至 ${minuteFormat.format(Date.parse(freshness.dataAsOf))}${stale ? `（滞后 ${lag < 3600 ? `${Math.round(lag / 60)} 分钟` : `${(lag / 3600).toFixed(1)} 小时`}）` : ''}`);
    el.dataset.state = stale ? 'stale' : 'fresh';
    el.dataset.position = freshness.position ?? '';
    el.title = `日志位置 ${freshness.position ?? '?'} / ${freshness.head ?? '?'}`;
  }

  /** The subscription's state as last reported. */
  linkState: LinkState = 'connecting';

  link(state: LinkState, detail?: string, now = Date.now()): void {
    this.linkState = state;
    // Connecting is not offline: only a failed attempt (reconnecting, a refused key) counts.
    if (state === 'live' || state === 'connecting') this.notLiveSince = undefined;
    else if (this.notLiveSince === undefined) {
      this.notLiveSince = now;
      // Say so as soon as the grace is over, not at the next whole-second tick.
      clearTimeout(this.offlineTimer);
      this.offlineTimer = setTimeout(() => this.tick(), OFFLINE_AFTER_MS + 20);
    }
    const link = $('link');
    link.dataset.state = state;
    this.text('link', LINK_TEXT[state]);
    link.title = detail ?? '';
    const notice = $('notice');
    const message = state === 'error' && detail ? detail : '';
    notice.hidden = !message;
    this.text('notice', message);
  }

  resize(pixelRatio?: number): void {
    if (pixelRatio) this.charts.setPixelRatio(pixelRatio);
    this.charts.resize();
  }
}
