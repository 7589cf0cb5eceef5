import type { ScreenConfig } from './figures.ts';
import { formatChange, formatInt, formatYuan } from './format.ts';

/** What the persisted `screen-live-now` query answers (graphql-api liveNow), the fields shown. */
export interface LiveNow {
  sessionsOnAir: number;
  onlineNow: number;
  gmv: string;
  /** The last 10 full minutes and the 10 before them, over the sessions on air. */
  last10Minutes: { gmv: string };
  previous10Minutes: { gmv: string };
  /** (last − previous) ÷ previous GMV, basis points; null when the previous 10 minutes sold nothing. */
  gmvChangeBp: number | null;
  sessions: { sessionId: string; displayName: string; title: string | null; onlineNow: number | null; gmv: string }[];
}

const ROWS = 8;

/**
 * The "live now" page: the sessions on air in the page's scope, polled every `everyMs` while the
 * page shows (its figures move once a minute: snapshots are per minute). Rows are made once and
 * their text replaced, so weeks of polling add no nodes.
 */
export class LiveNowPanel {
  private readonly rows: HTMLLIElement[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private scope: ScreenConfig['scope'] = {};

  constructor(
    private readonly config: ScreenConfig & { liveNowOperationHash?: string },
    private readonly key: string,
    private readonly everyMs = 15_000,
  ) {
    const list = document.getElementById('live-list')!;
    for (let i = 0; i < ROWS; i++) {
      const li = document.createElement('li');
      li.hidden = true;
      for (const cls of ['ln-name', 'ln-online', 'ln-gmv']) li.append(Object.assign(document.createElement('span'), { className: cls }));
      list.append(li);
      this.rows.push(li);
    }
  }

  start(scope: ScreenConfig['scope']): void {
    this.stop();
    this.scope = scope;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    if (!this.config.liveNowOperationHash) return;
    try {
      const response = await fetch(this.config.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.key}` },
        body: JSON.stringify({ variables: { scope: this.scope, limit: ROWS }, extensions: { persistedQuery: { version: 1, sha256Hash: this.config.liveNowOperationHash } } }),
      });
      const body = (await response.json()) as { data?: { liveNow?: LiveNow } };
      if (body.data?.liveNow) this.show(body.data.liveNow);
    } catch {
      // Offline: the badge says so; the last figures stay.
    }
  }

  show(now: LiveNow): void {
    const text = (id: string, value: string) => {
      const el = document.getElementById(id)!;
      if (el.textContent !== value) el.textContent = value;
    };
    text('live-sessions-on-air', formatInt(now.sessionsOnAir));
    text('live-online', formatInt(now.onlineNow));
    text('live-gmv', formatYuan(now.gmv));
    text('live-last10', `¥${formatYuan(now.last10Minutes.gmv)}`);
    text('live-prev10', `¥${formatYuan(now.previous10Minutes.gmv)}`);
    const change = formatChange(now.gmvChangeBp);
    text('live-change', change.text);
    document.getElementById('live-change')!.className = `live-change ${change.trend}`;
    document.getElementById('live-empty')!.hidden = now.sessions.length > 0;
    this.rows.forEach((li, i) => {
      const s = now.sessions[i];
      li.hidden = !s;
      if (!s) return;
      const [name, online, gmv] = li.children as unknown as HTMLElement[];
      name!.textContent = s.title ? `${s.displayName} · ${s.title}` : s.displayName;
      online!.textContent = s.onlineNow === null ? '—' : `${formatInt(s.onlineNow)} 人在线`;
      gmv!.textContent = `¥${formatYuan(s.gmv)}`;
    });
  }
}
