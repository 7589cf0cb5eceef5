import type { FastifyInstance } from 'fastify';
import { envDefaults } from './env.ts';

/**
 * Closes `app` (and with it every resource hooked to onClose) on SIGINT/SIGTERM, letting
 * in-flight requests finish; exits anyway after `timeoutMs` so a stuck request cannot keep a
 * deploy waiting. Returns a function that removes the signal handlers (for tests).
 */
export function closeOnSignals(app: FastifyInstance, options: { timeoutMs?: number; signals?: NodeJS.Signals[] } = {}): () => void {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      app.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, options.timeoutMs ?? envDefaults().REDSTREAM_SHUTDOWN_TIMEOUT_MS);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => signals.forEach((signal) => process.off(signal, onSignal));
}
