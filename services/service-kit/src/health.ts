import type { FastifyInstance, FastifySchema } from 'fastify';

/** @fastify/swagger's `hide`: infrastructure routes stay out of the API docs. */
const hiddenFromDocs = { hide: true } as FastifySchema;

/** A readiness check: resolves true when its part (a store, a projection) serves; may throw. */
export type HealthCheck = () => Promise<boolean> | boolean;

/**
 * `GET /health`: 200 `{ status: 'ok', checks }` once every check passes, else 503 naming the
 * failing ones. Checks have a deadline so a hung store cannot hang the health probe.
 */
export function registerHealth(app: FastifyInstance, checks: Record<string, HealthCheck>, options: { timeoutMs?: number } = {}): void {
  const timeoutMs = options.timeoutMs ?? 2000;
  app.get('/health', { schema: hiddenFromDocs }, async (_request, reply) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
        const ok = await Promise.race([Promise.resolve().then(check), deadline]).catch(() => false);
        clearTimeout(timer);
        return [name, ok ? 'ok' : 'failing'] as const;
      }),
    );
    const failing = results.filter(([, state]) => state !== 'ok');
    return reply.status(failing.length === 0 ? 200 : 503).send({ status: failing.length === 0 ? 'ok' : 'unavailable', checks: Object.fromEntries(results) });
  });
}
