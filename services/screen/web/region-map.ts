import { regionCovers } from '@redstream/schema/regions';
import type { RegionView, ScreenCharts } from './charts.ts';
import type { ScreenConfig } from './figures.ts';
import { toFen } from './format.ts';

/** What `/screen/maps/:code` answers (services/screen/src/region-maps.ts). */
interface RegionMapAnswer {
  code: string;
  map: string;
  highlight?: string;
  path: { code: string; name: string }[];
  geo: { features: { id?: string; properties: { name: string } }[] };
}

const NATIONAL_HEADING = '今日买家地域分布';

/**
 * The map's drill-down: China (buyer provinces, pushed live) → a province's cities → a city's
 * counties, by a click on the map or by the page's region (`/screen/region/371302` opens 临沂市's
 * map with 兰山区 highlighted), back by the breadcrumb. A region's map is fetched from the platform
 * when first shown; its figures (today's sales per county of the streamers there, the persisted
 * `screen-regions` query, bound to the key's region scope by the server) are read on arrival and
 * every `everyMs` while it shows (not while a playlist page hides it).
 */
export class RegionDrill {
  private current: RegionMapAnswer | undefined;
  private scope: ScreenConfig['scope'] = {};
  private seq = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly charts: ScreenCharts,
    private readonly el: { crumbs: HTMLElement; heading: HTMLElement },
    private readonly config: ScreenConfig,
    private readonly key: string | undefined,
    /** The Shanghai date the page's figures are for (the server's clock). */
    private readonly today: () => string,
    private readonly everyMs = 15_000,
  ) {
    charts.onMapClick = (code) => void this.open(code);
    el.crumbs.addEventListener('click', (event) => {
      const code = (event.target as HTMLElement).closest<HTMLElement>('[data-code]')?.dataset.code;
      if (code !== undefined) void this.open(code || undefined);
    });
    this.crumbs();
  }

  /** A page of another scope: its region's map (a park's page keeps the map where it is). */
  follow(scope: ScreenConfig['scope']): void {
    this.scope = scope;
    if (!scope.parkId) void this.open(scope.regionCode);
    else void this.refresh();
  }

  /** Shows the map of `code` (undefined: China). */
  async open(code: string | undefined): Promise<void> {
    const seq = ++this.seq;
    let answer: RegionMapAnswer | undefined;
    // A hall sees its click taken while the region's map comes (a GeoJSON fetch, seconds on a slow
    // intranet); the latest click owns the mark (China needs no fetch, so a click on it clears it).
    if (code) this.el.crumbs.setAttribute('aria-busy', 'true');
    else this.el.crumbs.removeAttribute('aria-busy');
    if (code) {
      try {
        const response = await fetch(`/screen/maps/${code.slice(0, 6)}`);
        if (response.ok) answer = (await response.json()) as RegionMapAnswer;
        else if (response.status !== 404) return; // the server is away: stay where we are
      } catch {
        return;
      } finally {
        if (seq === this.seq) this.el.crumbs.removeAttribute('aria-busy');
      }
    }
    if (seq !== this.seq) return; // a later click won
    const sameMap = answer && this.current?.map === answer.map;
    this.current = answer;
    this.crumbs();
    clearInterval(this.timer);
    this.timer = undefined;
    if (!answer) {
      this.charts.showRegion(undefined);
      return;
    }
    const codes = new Map(answer.geo.features.flatMap((f) => (f.id ? [[f.properties.name, f.id] as [string, string]] : [])));
    this.view = { mapName: `region-${answer.map}`, codes, highlight: answer.highlight, values: sameMap && this.view ? this.view.values : new Map() };
    this.charts.showRegion(this.view, answer.geo as never);
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.everyMs);
  }

  /** The region's map as drawn (its figures replaced at each refresh). */
  private view: RegionView | undefined;

  /** Today's sales per county of the shown region, summed into the map's features (cities or counties). */
  private async refresh(): Promise<void> {
    const shown = this.current;
    if (!shown || !this.view || !this.key || !this.config.regionsOperationHash) return;
    // A playlist page without the map hides it: no query until a page shows it again (the next tick, or follow()).
    if (!this.el.heading.checkVisibility()) return;
    const seq = this.seq;
    try {
      const filter = { regionCode: shown.map, from: `${this.today()}T00:00:00+08:00`, ...(this.scope.parkId ? { parkId: this.scope.parkId } : {}) };
      const response = await fetch(this.config.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.key}` },
        body: JSON.stringify({ variables: { filter }, extensions: { persistedQuery: { version: 1, sha256Hash: this.config.regionsOperationHash } } }),
      });
      const body = (await response.json()) as { data?: { salesBreakdown?: { key: string; gmv: string }[] } };
      const rows = body.data?.salesBreakdown;
      if (!rows || seq !== this.seq) return;
      const values = new Map<string, number>();
      for (const row of rows) {
        const feature = shown.geo.features.find((f) => f.id && row.key && regionCovers(f.id, row.key));
        if (feature) values.set(feature.properties.name, (values.get(feature.properties.name) ?? 0) + toFen(row.gmv) / 100);
      }
      this.view = { ...this.view, values };
      this.charts.showRegion(this.view);
    } catch {
      // Offline: the badge says so; the last figures stay.
    }
  }

  /** 中国 › 山东省 › 临沂市 › 兰山区: every level but the last is a link back up. */
  private crumbs(): void {
    const levels = [{ code: '', name: '中国' }, ...(this.current?.path ?? [])];
    const nodes = levels.map((level, i) => {
      const last = i === levels.length - 1;
      const node = document.createElement(last ? 'span' : 'button');
      node.textContent = level.name;
      if (!last) {
        node.dataset.code = level.code;
        (node as HTMLButtonElement).type = 'button';
      } else node.setAttribute('aria-current', 'location');
      return node;
    });
    this.el.crumbs.replaceChildren(...nodes);
    this.el.crumbs.dataset.code = this.current?.code ?? '';
    const shown = this.current;
    const heading = shown ? `今日成交分布 · ${shown.path.find((p) => p.code === shown.map)?.name ?? shown.path.at(-1)!.name}` : NATIONAL_HEADING;
    if (this.el.heading.textContent !== heading) this.el.heading.textContent = heading;
  }
}
