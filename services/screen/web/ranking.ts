import type { LiveFigures } from './figures.ts';
import { formatInt, formatYuan, shortYuan, toFen } from './format.ts';

const ROWS = 10;
/** The cells of a row, after its rank: the column heads (index.html `.rank-head`) name the same metrics. */
const CELLS = [
  { cls: 'rk-name', metric: undefined },
  { cls: 'rk-sessions', metric: 'live_sessions' },
  { cls: 'rk-pcu', metric: 'pcu' },
  { cls: 'rk-uv', metric: 'uv_value' },
  { cls: 'rk-gmv', metric: 'gmv' },
] as const;

const setText = (el: HTMLElement, text: string) => {
  if (el.textContent !== text) el.textContent = text;
};

/**
 * The streamer ranking: today's top 10 by GMV, each with their live sessions today — sessions,
 * peak online (PCU), UV value — and a mark while one of their sessions is on air. Rows are made
 * once; an update rewrites only text that changed and the bar's share of the leader's GMV.
 */
export class RankingList {
  private readonly rows: { li: HTMLLIElement; name: HTMLElement; air: HTMLElement; cells: HTMLElement[] }[] = [];

  constructor(private readonly list: HTMLElement) {
    for (let i = 0; i < ROWS; i++) {
      const li = document.createElement('li');
      li.hidden = true;
      const no = Object.assign(document.createElement('span'), { className: 'rk-no', textContent: String(i + 1) });
      const cells = CELLS.map(({ cls, metric }) => {
        const cell = Object.assign(document.createElement('span'), { className: cls });
        if (metric) cell.dataset.metric = metric;
        return cell;
      });
      const name = document.createElement('span');
      name.className = 'rk-label';
      const air = Object.assign(document.createElement('i'), { className: 'rk-air', textContent: '直播中', hidden: true });
      air.dataset.metric = 'on_air';
      cells[0]!.append(name, air);
      li.append(no, ...cells);
      list.append(li);
      this.rows.push({ li, name, air, cells });
    }
  }

  update(f: LiveFigures): void {
    const top = f.topStreamers.slice(0, ROWS);
    const sessions = new Map((f.topStreamerSessions ?? []).map((s) => [s.streamerId, s]));
    const lead = Math.max(1, ...top.map((s) => toFen(s.gmv)));
    const summary: string[] = [];
    this.rows.forEach((row, i) => {
      const s = top[i];
      row.li.hidden = !s;
      if (!s) return;
      const live = sessions.get(s.streamerId);
      setText(row.name, s.displayName);
      row.air.hidden = !live?.onAir;
      const [, count, pcu, uv, gmv] = row.cells;
      setText(count!, live?.sessions ? formatInt(live.sessions) : '—');
      setText(pcu!, live?.sessions ? shortYuan(live.pcu) : '—');
      setText(uv!, live?.uvValue ? `¥${formatYuan(live.uvValue)}` : '—');
      setText(gmv!, `¥${shortYuan(toFen(s.gmv) / 100)}`);
      const share = (toFen(s.gmv) / lead).toFixed(3);
      if (row.li.style.getPropertyValue('--share') !== share) row.li.style.setProperty('--share', share);
      if (row.li.dataset.streamer !== s.streamerId) row.li.dataset.streamer = s.streamerId;
      summary.push(`${i + 1}. ${s.displayName} ¥${formatYuan(s.gmv)}${live?.onAir ? ' 直播中' : ''}${live?.sessions ? ` ${live.sessions}场 PCU ${live.pcu}${live.uvValue ? ` UV价值 ¥${formatYuan(live.uvValue)}` : ''}` : ''}`);
    });
    // The ranking for screen readers (and tests), in one line.
    const label = summary.join('；');
    if (this.list.getAttribute('aria-label') !== label) this.list.setAttribute('aria-label', label);
  }
}
