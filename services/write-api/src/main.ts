/** The write API as its own process: env → store → keys → server → listen. */
import { openEventStore } from '@redstream/event-store';
import { EnvError, closeOnSignals, keysFilePath, loadEnv, loadKeyRing, serverOptionsFromEnv, watchKeysFile } from '@redstream/service-kit';
import { buildWriteApi } from './write-api.ts';

const env = (() => {
  try {
    return loadEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
})();
const store = await openEventStore({ eventstoreUrl: env.EVENTSTORE_URL, dataDir: env.REDSTREAM_DATA_DIR });
const keyRing = await loadKeyRing(env);
const app = await buildWriteApi({
  store,
  keyRing,
  server: serverOptionsFromEnv(env),
  maxFactsPerRequest: env.REDSTREAM_MAX_FACTS_PER_REQUEST,
  rateLimitPerMinute: env.REDSTREAM_RATE_LIMIT_PER_MINUTE,
  liveSaleGraceMs: env.REDSTREAM_LIVE_SALE_GRACE_MINUTES * 60_000,
});
app.addHook('onClose', async () => store.close());
const stopWatchingKeys = watchKeysFile(keyRing, keysFilePath(env), { onError: (err) => app.log.error({ err }, 'keys file unreadable; the keys loaded before stay in force') });
app.addHook('onClose', async () => stopWatchingKeys());
if (keyRing.size === 0) app.log.warn('no API keys: set REDSTREAM_ADMIN_KEY or create keys; every write will answer 401');
closeOnSignals(app, { timeoutMs: env.REDSTREAM_SHUTDOWN_TIMEOUT_MS });
await app.listen({ port: env.PORT, host: env.HOST });
