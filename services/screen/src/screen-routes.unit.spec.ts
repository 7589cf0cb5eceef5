import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_DEFINITIONS } from '@redstream/queries';
import { pageMetrics, parseScreenScope, screenOperationHash, screenRoutes } from './screen-routes.ts';

const config = (html: string) => JSON.parse(/<script id="rs-config" type="application\/json">(.*?)<\/script>/.exec(html)![1]!) as Record<string, unknown>;

describe('screenRoutes', () => {
  let dist: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'screen-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><head><!--rs-config--><script src="/screen/assets/app-1.js"></script></head><body><dt data-metric="orders">订单</dt><h2 data-metric="gmv">成交</h2><dt data-metric="orders">订单</dt></body>');
    writeFileSync(join(dist, 'assets', 'app-1.js'), 'console.log(1)');
    app = Fastify();
    await app.register(screenRoutes, { distDir: dist, defaultScope: { regionCode: '371302' }, title: '兰山区</script>大屏' });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the page with the default scope and the persisted subscription to use', async () => {
    const res = await app.inject('/screen');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    const c = config(res.body);
    expect(c).toMatchObject({ scope: { regionCode: '371302' }, scopeLabel: '山东省临沂市兰山区', graphqlUrl: '/graphql', operationHash: screenOperationHash() });
    expect(c.operationHash).toMatch(/^[0-9a-f]{64}$/);
    expect(c.liveNowOperationHash).toBe(screenOperationHash('screen-live-now'));
    // The title cannot close the config's script element early.
    expect(res.body).not.toContain('兰山区</script>');
    expect(c.title).toBe('兰山区</script>大屏');
    // 口径: the definitions of the metrics the page names, from the query layer's one list, in page order.
    expect(c.metrics).toEqual(['orders', 'gmv'].map((id) => METRIC_DEFINITIONS.find((d) => d.id === id)));
  });

  it('refuses a page that names a metric with no definition', () => {
    expect(() => pageMetrics('<dt data-metric="gmv"></dt><dt data-metric="gmv_magic"></dt>')).toThrow(/does not define: gmv_magic/);
    expect(pageMetrics('<p>no figures</p>')).toEqual([]);
  });

  it('serves a region’s and a park’s screen, and refuses malformed scopes', async () => {
    expect(config((await app.inject('/screen/region/371302001')).body).scope).toEqual({ regionCode: '371302001' });
    expect(config((await app.inject('/screen/park/p-lanshan-1')).body).scope).toEqual({ parkId: 'p-lanshan-1' });
    expect((await app.inject('/screen/region/37')).statusCode).toBe(404);
    expect((await app.inject('/screen/park/%3Cscript%3E')).statusCode).toBe(404);
  });

  it('serves the map that shows a region, and the persisted query of its figures to the page', async () => {
    const res = await app.inject('/screen/maps/371302');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(res.json()).toMatchObject({ code: '371302', map: '371300', highlight: '371302' });
    expect((await app.inject('/screen/maps/710000')).statusCode).toBe(404);
    expect((await app.inject('/screen/maps/..%2F..%2Fpackage.json')).statusCode).toBe(404);
    expect(config((await app.inject('/screen')).body).regionsOperationHash).toBe(screenOperationHash('screen-regions'));
  });

  it('answers the open screens’ probe, uncached', async () => {
    const res = await app.inject('/screen/alive');
    expect(res.statusCode).toBe(204);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('serves the hashed assets with long caching', async () => {
    const res = await app.inject('/screen/assets/app-1.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
    expect((await app.inject('/screen/assets/../index.html')).statusCode).toBe(404);
  });

  it('refuses to start without a build, saying how to make one', async () => {
    const empty = Fastify();
    await expect(empty.register(screenRoutes, { distDir: join(dist, 'missing') }).ready()).rejects.toThrow(/npm run build -w services\/screen/);
  });
});

describe('REDSTREAM_SCREEN_SCOPE', () => {
  it('reads region:<code> and park:<id>, empty for everything the key sees', () => {
    expect(parseScreenScope('region:371302')).toEqual({ regionCode: '371302' });
    expect(parseScreenScope('park:p1')).toEqual({ parkId: 'p1' });
    expect(parseScreenScope(' ')).toEqual({});
    expect(() => parseScreenScope('371302')).toThrow(/region:<6, 9 or 12 digits>/);
  });
});
