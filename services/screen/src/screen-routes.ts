import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { METRIC_DEFINITIONS, type MetricDefinition } from '@redstream/queries';
// Named on the server so the page's bundle carries no table of names: 371302 → 山东省临沂市兰山区.
import { scopeLabel, watchHalls, type ResolvedHall } from './halls.ts';
import { regionMap } from './region-maps.ts';

export interface ScreenScope {
  regionCode?: string;
  parkId?: string;
}

export interface ScreenRoutesOptions {
  /** What `/screen` shows; without one it shows every region the key may see. */
  defaultScope?: ScreenScope;
  /** Heading of the page (default 直播电商数据大屏). */
  title?: string;
  /** Where the page reaches GraphQL (default `/graphql` on the same origin). */
  graphqlUrl?: string;
  /** The built page (default `services/screen/dist`, made by `npm run build -w services/screen`). */
  distDir?: string;
  /** The halls file (`REDSTREAM_SCREEN_HALLS`, see halls.ts): `/screen/playlist/:id` for each hall in it. */
  hallsFile?: string;
}

export const DEFAULT_DIST_DIR = fileURLToPath(new URL('../dist/', import.meta.url));
const REGION_CODE = /^\d{6}(\d{3}(\d{3})?)?$/;
const PARK_ID = /^[\w.:-]{1,64}$/;
const SCREEN_OPERATION = 'screen-live';
/** The "live now" panel's persisted query (sessions on air), polled beside the subscription. */
export const LIVE_NOW_OPERATION = 'screen-live-now';
/** The drill-down map's figures: sales per county of the region on the map. */
export const REGIONS_OPERATION = 'screen-regions';

/** SHA-256 of a persisted operation (default the `screen-live` subscription), from graphql-api's committed manifest. */
export function screenOperationHash(name: string = SCREEN_OPERATION): string {
  const require = createRequire(import.meta.url);
  const manifestFile = require.resolve('@redstream/graphql-api/persisted/manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, { name: string }>;
  const hash = Object.entries(manifest).find(([, op]) => op.name === name)?.[0];
  if (!hash) throw new Error(`${manifestFile} holds no persisted operation named ${name}`);
  return hash;
}

/** `REDSTREAM_SCREEN_SCOPE`: `region:<code>` or `park:<id>` (empty: everything the key may see). */
export function parseScreenScope(text: string | undefined): ScreenScope {
  const value = text?.trim();
  if (!value) return {};
  const [kind, id] = value.split(':', 2);
  if (kind === 'region' && id && REGION_CODE.test(id)) return { regionCode: id };
  if (kind === 'park' && id && PARK_ID.test(id)) return { parkId: id };
  throw new Error(`REDSTREAM_SCREEN_SCOPE must be region:<6, 9 or 12 digits> or park:<id>, got ${JSON.stringify(value)}`);
}


/**
 * 口径 of the figures on the page: every `data-metric="<id>"` of the built page, defined by the query
 * layer's METRIC_DEFINITIONS (the one source GraphQL's metricDefinitions also serves), in the order
 * the page first names them. A page naming an undefined metric refuses to be served.
 */
export function pageMetrics(html: string, definitions: readonly MetricDefinition[] = METRIC_DEFINITIONS): MetricDefinition[] {
  const ids = [...new Set([...html.matchAll(/data-metric="([^"]*)"/g)].map((m) => m[1]!))];
  const unknown = ids.filter((id) => !definitions.some((d) => d.id === id));
  if (unknown.length) throw new Error(`the big screen names metrics METRIC_DEFINITIONS does not define: ${unknown.join(', ')}`);
  return ids.map((id) => definitions.find((d) => d.id === id)!);
}

/** JSON inside a <script> element: no `</script>` or `<!--` can end it early. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * The big screen: the built page at `/screen` (default scope), `/screen/region/:code` and
 * `/screen/park/:id`, and its hashed assets under `/screen/assets/`. The page itself is public (it
 * holds no figures); it reads the figures from GraphQL with the screen's API key. Register once on
 * the process's app: `await app.register(screenRoutes, { defaultScope })`.
 */
export const screenRoutes: FastifyPluginAsync<ScreenRoutesOptions> = async (app, options) => {
  const distDir = options.distDir ?? DEFAULT_DIST_DIR;
  const indexFile = join(distDir, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`the big screen is not built: ${indexFile} is missing; run npm run build -w services/screen`);
  const template = readFileSync(indexFile, 'utf8');
  if (!template.includes('<!--rs-config-->')) throw new Error(`${indexFile} has no <!--rs-config--> placeholder`);
  const operationHash = screenOperationHash();
  const liveNowOperationHash = screenOperationHash(LIVE_NOW_OPERATION);
  const metrics = pageMetrics(template);
  const regionsOperationHash = screenOperationHash(REGIONS_OPERATION);
  const title = options.title ?? '直播电商数据大屏';
  const graphqlUrl = options.graphqlUrl ?? '/graphql';
  const defaultScope = options.defaultScope ?? {};

  const halls = options.hallsFile ? watchHalls(options.hallsFile, (message) => app.log.error(message)) : undefined;
  app.addHook('onClose', async () => halls?.close());

  const page = (reply: FastifyReply, scope: ScreenScope, hall?: ResolvedHall) => {
    const config = {
      scope,
      scopeLabel: scopeLabel(scope),
      title: hall?.title ?? title,
      graphqlUrl,
      operationHash,
      liveNowOperationHash,
      metrics,
      regionsOperationHash,
      ...(hall ? { fit: hall.fit, playlist: { id: hall.id, url: `/screen/playlist/${hall.id}/config` } } : {}),
    };
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .send(template.replace('<!--rs-config-->', `<script id="rs-config" type="application/json">${scriptJson(config)}</script>`));
  };

  await app.register(fastifyStatic, {
    root: join(distDir, 'assets'),
    prefix: '/screen/assets/',
    decorateReply: false,
    index: false,
    immutable: true,
    maxAge: '365d',
  });

  // What an open screen probes while no push comes: any answer means the server is reachable.
  app.get('/screen/alive', (_req, reply) => reply.code(204).header('cache-control', 'no-store').send());
  app.get('/screen', (_req, reply) => page(reply, defaultScope));
  app.get('/screen/', (_req, reply) => page(reply, defaultScope));
  app.get<{ Params: { code: string } }>('/screen/region/:code', (req, reply) => {
    if (!REGION_CODE.test(req.params.code)) return reply.code(404).send({ error: 'Not Found', message: 'a region code has 6, 9 or 12 digits' });
    return page(reply, { regionCode: req.params.code });
  });
  // The map of a province or a city (or the one showing a county), read when the page drills into it.
  app.get<{ Params: { code: string } }>('/screen/maps/:code', (req, reply) => {
    const map = /^\d{6}$/.test(req.params.code) ? regionMap(req.params.code) : undefined;
    if (!map) return reply.code(404).send({ error: 'Not Found', message: `no map below the national one shows ${req.params.code}` });
    return reply.header('cache-control', 'public, max-age=3600').send(map);
  });
  const hallOr404 = (id: string, reply: FastifyReply) => {
    const hall = halls?.get(id);
    if (!hall) void reply.code(404).send({ error: 'Not Found', message: halls ? `no hall ${id} in the halls file` : 'no halls file is configured (REDSTREAM_SCREEN_HALLS)' });
    return hall;
  };
  app.get<{ Params: { id: string } }>('/screen/playlist/:id', (req, reply) => {
    const hall = hallOr404(req.params.id, reply);
    return hall ? page(reply, hall.pages[0]!.scope, hall) : reply;
  });
  // Open screens poll this (every few seconds) and follow a changed version without a reload.
  app.get<{ Params: { id: string } }>('/screen/playlist/:id/config', (req, reply) => {
    const hall = hallOr404(req.params.id, reply);
    return hall ? reply.header('cache-control', 'no-store').send(hall) : reply;
  });
  app.get<{ Params: { id: string } }>('/screen/park/:id', (req, reply) => {
    if (!PARK_ID.test(req.params.id)) return reply.code(404).send({ error: 'Not Found', message: 'not a park id' });
    return page(reply, { parkId: req.params.id });
  });
};
