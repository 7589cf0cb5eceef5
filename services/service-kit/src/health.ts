import type { FastifyInstance, FastifySchema } from 'fastify';

/** @fastify/swagger's `hide`: infrastructure routes stay out of the API docs. */
const hiddenFromDocs = { hide: true } as FastifySchema;

/** A part that serves but not fully (a projection stopped at an event): named, with why, without failing the probe. */
export interface Degraded {
  state: 'degraded';
  detail: string;
}

/** A readiness check: resolves true when its part (a store, a projection) serves, or `Degraded`; may throw. */
export type HealthCheck = () => Promise<boolean | Degraded> | boolean | Degraded;

/**
 * `GET /health`: 200 `{ status: 'ok', checks }` once every check passes; 200 `{ status: 'degraded',
 * checks, degraded: { name: why } }` when some part serves degraded; else 503 naming the failing
 * ones. Checks have a deadline so a hung store cannot hang the health probe.
 */
export function registerHealth(app: FastifyInstance, checks: Record<string, HealthCheck>, options: { timeoutMs?: number } = {}): void {
  const timeoutMs = options.timeoutMs ?? 2000;
  app.get('/health', { schema: hiddenFromDocs }, async (_request, reply) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
        const result: boolean | Degraded = await Promise.race([Promise.resolve().then(check), deadline]).catch(() => false);
        clearTimeout(timer);
        if (typeof result === 'object') return [name, 'degraded', result.detail] as const;
        return [name, result ? 'ok' : 'failing', undefined] as const;
      }),
    );
    const failing = results.filter(([, state]) => state === 'failing');
    const degraded = results.filter(([, state]) => state === 'degraded');
    const states = Object.fromEntries(results.map(([name, state]) => [name, state]));
    if (failing.length > 0) return reply.status(503).send({ status: 'unavailable', checks: states });
    if (degraded.length > 0) return reply.status(200).send({ status: 'degraded', checks: states, degraded: Object.fromEntries(degraded.map(([name, , detail]) => [name, detail])) });
    return reply.status(200).send({ status: 'ok', checks: states });
  });
}
