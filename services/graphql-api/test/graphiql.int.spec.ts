import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleTabs } from '../src/graphiql/example-tabs.ts';
import { schema } from '../src/schema/index.ts';
import { buildGraphqlApi, loadGraphqlEnv } from '../src/index.ts';
import { createServer, FONT_PREFIX, fontFileFor, KeyRing } from '@redstream/service-kit';
import { startHarness, type Harness } from './harness.ts';

/** GraphiQL opened by a browser: the page and every asset from this process, no key until a query. */
let h: Harness;

beforeAll(async () => {
  h = await startHarness([]);
});
afterAll(async () => h?.close());

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('GraphiQL', () => {
  it('is served to a browser without a key, naming only assets of this process', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/graphql', headers: BROWSER });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const refs = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThanOrEqual(4);
    // No address outside the platform, not even protocol-relative.
    expect(page.body).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    for (const ref of refs) {
      // The platform serves its CJK font beside every page (service-kit's fontRoutes).
      if (ref.startsWith(FONT_PREFIX)) {
        expect(fontFileFor(ref), ref).toBeDefined();
        continue;
      }
      expect(ref).toMatch(/^\/graphql\/assets\//);
      const asset = await h.app.inject({ method: 'GET', url: ref, headers: { 'accept-encoding': 'gzip' } });
      expect(asset.statusCode, ref).toBe(200);
      expect(asset.headers['cache-control']).toContain('immutable');
    }
    const config = JSON.parse(/<script id="rs-graphiql" type="application\/json">(.*?)<\/script>/s.exec(page.body)![1]!);
    for (const worker of Object.values(config.workers as Record<string, string>)) expect((await h.app.inject(worker)).statusCode).toBe(200);
    expect((await h.app.inject('/graphql/assets/nothing.js')).statusCode).toBe(404);
  });

  it('still answers a query only with a key, on GET and POST', async () => {
    const query = encodeURIComponent('{ salesSummary { orders } }');
    expect((await h.app.inject({ method: 'GET', url: `/graphql?query=${query}`, headers: { accept: 'application/graphql-response+json' } })).statusCode).toBe(401);
    expect((await h.gql('{ salesSummary { orders } }', undefined, null)).status).toBe(401);
    expect((await h.gql('{ salesSummary { orders } }', undefined, 'analyst')).status).toBe(200);
  });

  it('opens DESIGN.md’s example queries as tabs, each valid against the schema', () => {
    const tabs = exampleTabs(new Date('2026-03-01T00:00:00Z'));
    const fields = tabs.map((t) => /\{\s*(\w+)/.exec(t.query)![1]);
    expect(fields).toEqual(expect.arrayContaining(['salesSummary', 'salesSeries', 'topStreamers', 'farmerIncome', 'annualSummary']));
    for (const tab of tabs) expect(validate(schema(), parse(tab.query)), tab.query).toEqual([]);
    expect(tabs[1]!.query).toContain('2025-01-01T00:00:00+08:00');
  });

  it('is not served in production', async () => {
    const api = buildGraphqlApi({ clickhouse: h.clickhouse, keys: new KeyRing([]), env: loadGraphqlEnv({ NODE_ENV: 'production' }) });
    const app = createServer({ logLevel: 'silent' });
    await app.register(api.plugin);
    try {
      expect((await app.inject({ method: 'GET', url: '/graphql', headers: BROWSER })).statusCode).toBe(401);
      expect((await app.inject('/graphql/assets/nothing.js')).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
