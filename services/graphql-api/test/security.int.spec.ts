import { readFileSync } from 'node:fs';
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildManifest, loadManifest, operationHash, PERSISTED_DIR } from '../src/persisted-operations.ts';
import { COMMITTED_SDL_PATH, printedSchema } from '../src/schema/index.ts';
import { buildDataset, REGIONS } from './dataset.ts';
import { model, salesBy, summaryOf, yuan } from './expected.ts';
import { startHarness, type Harness } from './harness.ts';

const facts = buildDataset();
const m = model(facts);
let h: Harness;
let url: string;

beforeAll(async () => {
  h = await startHarness(facts);
  const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
  url = `${address}/graphql`;
});
afterAll(async () => h?.close());

const SUMMARY = 'orders gmv refunds netSales averageOrderValue streamers';

describe('API keys and roles', () => {
  it('answers 401 without a key or with an unknown one, 403 for a writer key', async () => {
    const none = await h.gql('{ salesSummary { orders } }', undefined, null);
    expect(none.status).toBe(401);
    expect(none.body.errors?.[0]?.message).toMatch(/missing API key/);
    const writer = await h.gql('{ salesSummary { orders } }', undefined, 'writer');
    expect(writer.status).toBe(403);
    expect(writer.body.errors?.[0]?.message).toMatch(/lacks the role analyst, screen or admin/);
  });

  it('takes a key from the address on a GET only (a page opened by URL), never on a POST', async () => {
    const query = encodeURIComponent('{ salesSummary { orders } }');
    const get = await h.app.inject({ method: 'GET', url: `/graphql?query=${query}&key=${h.keys.analyst}`, headers: { accept: 'application/graphql-response+json' } });
    expect(get.statusCode).toBe(200);
    expect(get.json().data.salesSummary.orders).toBe(summaryOf(m, {}).orders);
    const post = await h.app.inject({ method: 'POST', url: `/graphql?key=${h.keys.analyst}`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ query: '{ salesSummary { orders } }' }) });
    expect(post.statusCode).toBe(401);
  });
});

describe('region scope (analyst limited to 371302)', () => {
  const lanshan = summaryOf(m, { regionCode: REGIONS.lanshan });

  it('defaults to its region and narrows a wider request to it', async () => {
    for (const regionCode of [undefined, REGIONS.shandong, REGIONS.linyi]) {
      const r = await h.gql(`query($f: SalesFilter) { salesSummary(filter: $f) { ${SUMMARY} } }`, { f: { regionCode } }, 'lanshan');
      expect(r.body.data.salesSummary).toEqual(lanshan);
    }
    const town = await h.gql(`{ salesSummary(filter: { regionCode: "371302001" }) { ${SUMMARY} } }`, undefined, 'lanshan');
    expect(town.body.data.salesSummary).toEqual(summaryOf(m, { regionCode: '371302001' }));
  });

  it('refuses another region with a clear error', async () => {
    for (const query of [
      `{ salesSummary(filter: { regionCode: "410103" }) { orders } }`,
      `{ salesSeries(filter: { regionCode: "371311" }, granularity: DAY) { bucket } }`,
      `{ farmerIncome(filter: { regionCode: "410000" }) { income } }`,
      `{ partyBuilding(filter: { regionCode: "371311" }) { branches } }`,
    ]) {
      const r = await h.gql(query, undefined, 'lanshan');
      expect(r.body.errors?.[0]?.message).toMatch(/region \d+ is outside this API key's scope \(371302\)/);
      expect(r.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(r.body.data ?? null).toBeNull();
    }
  });

  it('sees only its region through breakdowns, top-N and comparisons', async () => {
    const r = await h.gql(
      `{ byProvince: salesBreakdown(by: REGION, regionLevel: PROVINCE) { key gmv }
         byCity: salesBreakdown(by: REGION, regionLevel: CITY) { key gmv }
         byPark: salesBreakdown(by: PARK, limit: 100) { key gmv }
         topStreamers(limit: 100) { streamerId }
         salesSeries(granularity: YEAR) { bucket gmv samePeriodLastYear { gmv } previousPeriod { gmv } }
         farmerIncome { income byVillage { villageCode } }
         loans { loans } appeals { raised } warmStations { stations } parcelDiscounts { parcels } training { personTimes } }`,
      undefined,
      'lanshan',
    );
    const d = r.body.data;
    expect(d.byProvince).toEqual([{ key: '370000', gmv: lanshan.gmv }]);
    expect(d.byCity).toEqual([{ key: '371300', gmv: lanshan.gmv }]);
    expect(d.byPark.every((p: any) => ['p-lanshan-1', 'p-lanshan-2', ''].includes(p.key))).toBe(true);
    const lanshanStreamers = new Set([...m.streamers].filter(([, s]) => s.region.startsWith('371302')).map(([id]) => id));
    expect(d.topStreamers.every((s: any) => lanshanStreamers.has(s.streamerId))).toBe(true);
    const years = salesBy(m, { regionCode: REGIONS.lanshan }, (s) => new Date(s.at + 8 * 3_600_000).toISOString().slice(0, 4));
    expect(d.salesSeries.map((p: any) => [p.bucket, p.gmv, p.previousPeriod.gmv])).toEqual([
      ['2024-01-01T00:00:00+08:00', yuan(years.get('2024')!.gmv), '0.00'],
      ['2025-01-01T00:00:00+08:00', yuan(years.get('2025')!.gmv), yuan(years.get('2024')!.gmv)],
    ]);
    expect(d.farmerIncome.byVillage.every((v: any) => v.villageCode.startsWith('371302'))).toBe(true);
    expect(d.loans.loans).toBe(2); // s-01 and s-02 are Lanshan streamers; s-04 (Erqi) is not counted
    const appealsInLanshan = facts.filter((f) => f.type === 'AppealRaised' && lanshanStreamers.has((f.data as { streamerId: string }).streamerId));
    expect(d.appeals.raised).toBe(appealsInLanshan.length);
    expect(appealsInLanshan.length).toBeLessThan(facts.filter((f) => f.type === 'AppealRaised').length);
  });
});

describe('limits', () => {
  it('refuses an alias bomb', async () => {
    const query = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: salesSummary { orders }`).join(' ')} }`;
    const r = await h.gql(query);
    expect(r.body.errors?.[0]?.message).toMatch(/Aliases limit of 15 exceeded/);
    expect(r.body.data ?? null).toBeNull();
  });

  it('refuses a deep query', async () => {
    const deep = `{ __type(name: "Query") { ${'fields { type { ofType { '.repeat(5)}name${' } } }'.repeat(5)} } }`;
    const r = await h.gql(deep);
    expect(r.body.errors?.map((e) => e.message)).toContainEqual(expect.stringMatching(/Query depth limit of 15 exceeded/));
    // the introspection query GraphiQL sends stays within the limits
    const { getIntrospectionQuery } = await import('graphql');
    expect((await h.gql(getIntrospectionQuery())).body.errors).toBeUndefined();
  });

  it('refuses a costly query', async () => {
    const query = `{ ${Array.from({ length: 4 }, (_, i) => `b${i}: salesBreakdown(by: STREAMER, limit: 1000) { key orders gmv refunds netSales streamers }`).join(' ')} }`;
    const r = await h.gql(query);
    expect(r.body.errors?.[0]?.message).toMatch(/query complexity \d+ exceeds the limit of 2000/);
    expect(r.body.data ?? null).toBeNull();
  });

  it('refuses too many tokens', async () => {
    const r = await h.gql(`{ salesSummary { ${'orders '.repeat(2500)} } }`);
    expect(r.body.errors?.[0]?.message).toMatch(/Token limit of 2000 exceeded/);
  });
});

describe('persisted operations', () => {
  it('the committed manifest matches the operation files', () => {
    expect(JSON.parse(readFileSync(`${PERSISTED_DIR}manifest.json`, 'utf8'))).toEqual(buildManifest());
  });

  it('a screen key runs persisted operations only', async () => {
    const [hash] = [...loadManifest()].find(([, doc]) => doc.includes('query ScreenToday'))!;
    const post = (body: unknown) =>
      h.app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${h.keys.screen}` }, payload: JSON.stringify(body) });
    const arbitrary = await post({ query: '{ salesSummary { orders } }' });
    expect(arbitrary.json().errors[0].message).toMatch(/screen keys may run persisted operations only/);
    const persisted = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } }, variables: { filter: { regionCode: '370000' }, limit: 3 } });
    expect(persisted.json().data.salesSummary).toEqual(summaryOf(m, { regionCode: REGIONS.lanshan }));
    expect(operationHash(loadManifest().get(hash!)!)).toBe(hash);
  });
});

describe('schema', () => {
  it('the committed SDL is the printed, sorted schema (run `npm run artifacts` after a change)', () => {
    expect(readFileSync(COMMITTED_SDL_PATH, 'utf8')).toBe(printedSchema());
  });

  it('keeps DESIGN.md names and types', () => {
    const sdl = printedSchema();
    for (const line of [
      'salesSummary(filter: SalesFilter): SalesSummary!',
      'salesSeries(filter: SalesFilter, granularity: Granularity!): [SalesPoint!]!',
      'topStreamers(filter: SalesFilter, limit: Int = 10): [StreamerRanking!]!',
      'farmerIncome(filter: FarmerIncomeFilter): FarmerIncomeSummary!',
      'byVillage: [VillageIncome!]!',
      'averageOrderValue: Money!',
      'bucket: String!',
    ]) expect(sdl).toContain(line);
  });
});

describe('GraphQL over HTTP', () => {
  it('passes every mandatory graphql-http server audit', async () => {
    const fetchFn = (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${h.keys.analyst}`);
      return fetch(input, { ...init, headers });
    };
    const results = [];
    for (const audit of serverAudits({ url, fetchFn })) results.push({ ...(await audit.fn()), name: audit.name });
    const failed = results.filter((r) => r.status === 'error');
    expect(failed.map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`)).toEqual([]);
    expect(results.length).toBeGreaterThan(20);
  });
});
