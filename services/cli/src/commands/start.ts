import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shanghaiYear } from '@redstream/schema';
import { closeOnSignals } from '@redstream/service-kit';
import { buildPlatform, SERVICES } from '../platform.ts';
import { loadDemo, streamLiveDemo } from '../demo.ts';

/**
 * `npm start`: every service in one process on embedded stores (unless EVENTSTORE_URL /
 * CLICKHOUSE_URL point at servers), demo data loaded into an empty store, a live stream of new
 * facts kept going, and the addresses printed. `--no-demo` starts empty and quiet.
 */
export async function run(args: string[]): Promise<void> {
  const demo = !args.includes('--no-demo');
  const platform = await buildPlatform(new Set(SERVICES), { devAdminKey: true, quietDemoRequests: demo });
  const { app, env, store, adminKey } = platform;
  const live = new AbortController();
  app.addHook('onClose', async () => live.abort());
  closeOnSignals(app, { timeoutMs: env.REDSTREAM_SHUTDOWN_TIMEOUT_MS });
  await app.listen({ port: env.PORT, host: env.HOST });
  const base = `http://localhost:${(app.server.address() as { port: number }).port}`;

  const key = adminKey ?? '<your REDSTREAM_ADMIN_KEY>';
  const addresses = `
redstream is running on ${base}  (data in ${env.REDSTREAM_DATA_DIR})

  big screen      ${base}/screen?key=${encodeURIComponent(key)}
  GraphiQL        ${base}/graphql#key=${encodeURIComponent(key)}   (the key after # stays in the browser)
  write API docs  ${base}/docs
  annual summary  ${base}/summaries/${shanghaiYear(new Date()) - 1}/371302.html?key=${encodeURIComponent(key)}
  health          ${base}/health
  metrics         ${base}/metrics
${env.REDSTREAM_ADMIN_KEY ? '' : `\n  admin key (development, kept in ${join(env.REDSTREAM_DATA_DIR, 'dev-admin-key')}): ${key}\n`}`;
  // Printed as soon as the pages answer, and again once the demo has loaded: the progress bar and
  // the first log lines would otherwise have scrolled it away.
  console.log(addresses);

  const marker = join(env.REDSTREAM_DATA_DIR, 'demo-loaded');
  let region;
  if (demo && store && adminKey) {
    const empty = (await store.headPosition()) === 0n;
    if (empty || existsSync(marker)) {
      region = await loadDemo(store, { showProgress: process.stderr.isTTY, write: empty });
      writeFileSync(marker, new Date().toISOString());
      if (empty) console.log(addresses);
    } else {
      app.log.info('the store already holds data that is not the demo: no demo loaded');
    }
  }

  if (region && adminKey) {
    void streamLiveDemo({ region, url: base, key: adminKey, rate: env.REDSTREAM_DEMO_RATE, signal: live.signal, log: app.log });
  }
}
