import fp from 'fastify-plugin';
import { errorBody, requireRole } from '@redstream/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ScopeNotFoundError } from './figures.ts';
import type { Lang } from './format.ts';
import { InvalidScopeError, mayRead, parseScope, scopeKey, type Scope } from './scope.ts';
import { AsOfUnavailableError, FORMATS, type Format, type SummaryStore } from './store.ts';
import { InvalidInputError } from '@redstream/queries';
import { InvalidYearError, shanghaiYear, yearPeriod } from '@redstream/schema';

/**
 * `GET /summaries` lists the stored summaries the key may read; `GET /summaries/:year/:scope.html`
 * (`.pdf`, `.json`, `.en.html`, `.en.pdf`) serves one, generating it when none is current (store.ts);
 * `?edition=N` serves an earlier edition of a revised summary as it was served; `?asOf=` (a log
 * position or a date-time) the whole summary as the log stood then (store.ts `asOf`). The same
 * bearer keys as every interface (service-kit's authPlugin must be registered on the app); any
 * reading role; a region-scoped key reads only summaries of scopes inside its region.
 */
export interface SummaryRoutesOptions {
  store: SummaryStore;
  /** URL prefix; default `/summaries`. */
  prefix?: string;
  clock?: () => Date;
}

const READ_ROLES = ['analyst', 'screen'] as const;
const FILE = /^(.+?)(\.en)?\.(html|pdf|json)$/;

declare module 'fastify' {
  interface FastifyInstance {
    summaryStore: SummaryStore;
  }
}

export const summaryRoutes = fp<SummaryRoutesOptions>(
  async (app, options) => {
    const prefix = options.prefix ?? '/summaries';
    const clock = options.clock ?? (() => new Date());
    const { store } = options;
    app.decorate('summaryStore', store);

    const refuse = (reply: FastifyReply, status: number, message: string) => reply.status(status).send(errorBody(status, message));

    /** The scope's region when the caller may read it; otherwise answers and returns undefined. */
    async function authorise(request: FastifyRequest, reply: FastifyReply, scope: Scope): Promise<boolean> {
      const keyRegion = request.principal!.regionCode;
      let region: string | undefined;
      try {
        region = scope.kind === 'region' ? scope.regionCode : await store.regionOf(scope);
      } catch (error) {
        if (error instanceof ScopeNotFoundError) {
          // A scoped key learns nothing about scopes it could not read anyway.
          void refuse(reply, keyRegion === undefined ? 404 : 403, keyRegion === undefined ? error.message : `API key ${request.principal!.keyId} may not read ${scopeKey(scope)}`);
          return false;
        }
        throw error;
      }
      if (region === undefined || !mayRead(keyRegion, region)) {
        void refuse(reply, 403, `API key ${request.principal!.keyId} is limited to region ${keyRegion}; ${scopeKey(scope)} lies outside it`);
        return false;
      }
      return true;
    }

    app.get(prefix, { preHandler: requireRole(...READ_ROLES) }, async (request) => {
      const keyRegion = request.principal!.regionCode;
      const all = await store.list();
      return {
        summaries: all
          .filter((s) => s.regionCode !== undefined && mayRead(keyRegion, s.regionCode))
          .map((s) => ({
            ...s,
            htmlUrl: `${prefix}/${s.year}/${s.scope}.html`,
            pdfUrl: `${prefix}/${s.year}/${s.scope}.pdf`,
            jsonUrl: `${prefix}/${s.year}/${s.scope}.json`,
          })),
      };
    });

    app.get<{ Params: { year: string; file: string }; Querystring: { lang?: string; refresh?: string; edition?: string; asOf?: string } }>(
      `${prefix}/:year/:file`,
      { preHandler: requireRole(...READ_ROLES) },
      async (request, reply) => {
        const year = Number(request.params.year);
        const match = FILE.exec(request.params.file);
        if (!match) return refuse(reply, 404, `no summary ${request.params.file}: expected <scope>.html, .pdf or .json`);
        const format = match[3] as Format;
        const lang: Lang = match[2] || request.query.lang === 'en' ? 'en' : 'zh-CN';
        if (!FORMATS.includes(format)) return refuse(reply, 404, `unknown format ${format}`);
        let scope: Scope;
        try {
          yearPeriod(year);
          scope = parseScope(match[1]!);
        } catch (error) {
          if (error instanceof InvalidYearError || error instanceof InvalidScopeError) return refuse(reply, 400, error.message);
          throw error;
        }
        if (year > shanghaiYear(clock())) return refuse(reply, 404, `${year} has not begun; there is no summary of it yet`);
        if (!(await authorise(request, reply, scope))) return reply;
        let file;
        if (request.query.asOf !== undefined) {
          try {
            file = await store.asOf({ year, scope, format, lang, asOf: request.query.asOf });
          } catch (error) {
            if (error instanceof InvalidInputError) return refuse(reply, 400, error.message);
            if (error instanceof AsOfUnavailableError) return refuse(reply, 501, error.message);
            if (error instanceof ScopeNotFoundError) return refuse(reply, 404, `${error.message} at log position ${request.query.asOf}`);
            throw error;
          }
        } else if (request.query.edition !== undefined) {
          const edition = Number(request.query.edition);
          if (!Number.isInteger(edition) || edition < 1) return refuse(reply, 400, `edition must be a whole number ≥ 1, got ${JSON.stringify(request.query.edition)}`);
          file = await store.edition({ year, scope, format, lang, edition });
          if (!file) return refuse(reply, 404, `no edition ${edition} of the ${year} summary of ${scopeKey(scope)} in ${format}${lang === 'en' ? ' (en)' : ''} is stored`);
        } else {
          const force = request.query.refresh === '1' && request.principal!.roles.has('admin');
          file = await store.get({ year, scope, format, lang, force });
        }
        const name = `redstream-${scopeKey(scope)}-${year}${lang === 'en' ? '.en' : ''}.${format}`;
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `inline; filename="${name}"`)
          .header('cache-control', 'private, max-age=60')
          .send(file.body);
      },
    );
  },
  { name: '@redstream/summaries', fastify: '5.x', dependencies: ['@redstream/auth'] },
);
