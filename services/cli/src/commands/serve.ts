import { closeOnSignals } from '@redstream/service-kit';
import { SERVICES, type ServiceName } from '../platform.ts';
import { startPlatform } from '../start-platform.ts';

/**
 * `redstream serve <write|graphql|projector|summaries|all>`: one service in its own process,
 * configured only by environment variables. Separate processes must share servers
 * (EVENTSTORE_URL, CLICKHOUSE_URL): an embedded store belongs to one process.
 */
export async function run(args: string[]): Promise<void> {
  const names = args.length === 0 ? ['all'] : args;
  const services = new Set<ServiceName>();
  for (const name of names) {
    if (name === 'all') SERVICES.forEach((s) => services.add(s));
    else if ((SERVICES as readonly string[]).includes(name)) services.add(name as ServiceName);
    else throw new Error(`unknown service ${JSON.stringify(name)}; one of: ${SERVICES.join(', ')}, all`);
  }
  const { app, env } = await startPlatform(services);
  if (services.size < SERVICES.length && (!env.EVENTSTORE_URL || !env.CLICKHOUSE_URL)) {
    app.log.warn('serving part of the platform on embedded stores: other services cannot share them; set EVENTSTORE_URL and CLICKHOUSE_URL');
  }
  closeOnSignals(app, { timeoutMs: env.REDSTREAM_SHUTDOWN_TIMEOUT_MS });
  app.log.info({ services: [...services] }, 'redstream serving');
}
