import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { css, editorWorkerService, favicon, graphqlWorker, js, jsonWorker } from '@graphql-yoga/render-graphiql/graphiql';
import { CJK_FONT_FAMILY, CJK_FONT_STACK, fontLinks } from '@redstream/service-kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { exampleTabs } from './example-tabs.ts';

/**
 * GraphiQL served whole by the platform, for intranets without internet: yoga's bundled build
 * (`@graphql-yoga/render-graphiql`: GraphiQL, Monaco and its workers, no CDN) split into hashed,
 * immutable assets under `<endpoint>/assets/`, so a browser downloads its 8 MB once, not with
 * every page as the package's single inline page would have it. The page is public (it holds no
 * figures and no key); queries need a key as always, which boot.browser.js asks for once.
 */
interface Asset {
  body: Buffer;
  type: string;
  gzipped?: Buffer;
}

export interface GraphiqlPage {
  /** True for a browser opening the endpoint: a GET that accepts HTML. */
  wanted(request: FastifyRequest): boolean;
  send(reply: FastifyReply): FastifyReply;
  /** Registers `<endpoint>/assets/:file`. */
  register(app: FastifyInstance): void;
}

const BOOT = readFileSync(new URL('./boot.browser.js', import.meta.url));

/** JSON inside a <script> element: no `</script>` or `<!--` can end it early. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

export function graphiqlPage(options: { endpoint: string; title?: string }): GraphiqlPage {
  const { endpoint } = options;
  const title = options.title ?? 'redstream GraphQL';
  const assets = new Map<string, Asset>();
  const add = (name: string, ext: string, type: string, body: Buffer): string => {
    const file = `${name}.${createHash('sha256').update(body).digest('hex').slice(0, 12)}.${ext}`;
    assets.set(file, { body, type });
    return `${endpoint}/assets/${file}`;
  };
  const icon = /^data:([^;]+);base64,(.*)$/.exec(favicon);
  const urls = {
    js: add('graphiql', 'js', 'text/javascript; charset=utf-8', Buffer.from(js)),
    css: add('graphiql', 'css', 'text/css; charset=utf-8', Buffer.from(css)),
    boot: add('boot', 'js', 'text/javascript; charset=utf-8', BOOT),
    favicon: icon ? add('favicon', 'ico', icon[1]!, Buffer.from(icon[2]!, 'base64')) : undefined,
  };
  // Monaco asks for its workers by label (see boot.browser.js).
  const workers = {
    editorWorkerService: add('editor.worker', 'js', 'text/javascript; charset=utf-8', Buffer.from(editorWorkerService)),
    json: add('json.worker', 'js', 'text/javascript; charset=utf-8', Buffer.from(jsonWorker)),
    graphql: add('graphql.worker', 'js', 'text/javascript; charset=utf-8', Buffer.from(graphqlWorker)),
  };

  const page = (): string => {
    const config = { endpoint, title, workers, tabs: exampleTabs() };
    return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${title}</title>
${urls.favicon ? `<link rel="icon" href="${urls.favicon}">` : ''}
<link rel="stylesheet" href="${urls.css}">
${fontLinks()}
<style>
  /* Chinese in answers (names, labels) from the platform's own font, not whatever the system has.
     Monaco sets its font inline on the editor, so the fallback needs !important there. */
  .graphiql-container, .graphiql-dialog { --font-family: Roboto, ${CJK_FONT_STACK}; }
  .monaco-editor .view-lines { font-family: "Fira Code", monospace, "${CJK_FONT_FAMILY}" !important; }
  html, body, #root { height: 100%; margin: 0; }
  #key-form { max-width: 28rem; margin: 12vh auto; font: 16px/1.5 ${CJK_FONT_STACK}; color: #222; }
  #key-form input { width: 100%; box-sizing: border-box; font: inherit; padding: .4rem; margin: .3rem 0 .8rem; }
  #key-form button { font: inherit; padding: .3rem 1.2rem; }
  #key-form p { color: #666; font-size: 14px; }
  #change-key { position: fixed; right: 12px; bottom: 12px; z-index: 10; font: 13px system-ui, sans-serif; padding: .25rem .7rem; opacity: .75; }
</style>
<script id="rs-graphiql" type="application/json">${scriptJson(config)}</script>
</head>
<body class="no-focus-outline">
<noscript>GraphiQL needs JavaScript.</noscript>
<form id="key-form" hidden>
  <h1>${title}</h1>
  <label for="key">API key (role analyst or admin)</label>
  <input id="key" name="key" type="password" autocomplete="off" spellcheck="false" required>
  <button type="submit">Open GraphiQL</button>
  <p>The key stays in this browser (localStorage) and is sent with every query. To hand it to someone, give them <code>${endpoint}#key=…</code>.</p>
</form>
<div id="root"></div>
<button id="change-key" type="button" hidden>Change API key</button>
<script src="${urls.js}"></script>
<script src="${urls.boot}"></script>
</body>
</html>
`;
  };

  return {
    wanted: (request) => request.method === 'GET' && (request.headers.accept ?? '').includes('text/html'),
    send: (reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .send(page()),
    register(app) {
      app.get<{ Params: { file: string } }>(`${endpoint}/assets/:file`, (request, reply) => {
        const asset = assets.get(request.params.file);
        if (!asset) return reply.code(404).send({ error: 'Not Found', message: 'no such GraphiQL asset' });
        void reply.type(asset.type).header('cache-control', 'public, max-age=31536000, immutable').header('x-content-type-options', 'nosniff').header('vary', 'accept-encoding');
        if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
          asset.gzipped ??= gzipSync(asset.body);
          return reply.header('content-encoding', 'gzip').send(asset.gzipped);
        }
        return reply.send(asset.body);
      });
    },
  };
}
