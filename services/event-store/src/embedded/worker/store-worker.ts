/**
 * The worker thread that owns the embedded store's PGlite. PGlite runs PostgreSQL in WebAssembly
 * on whichever thread calls it; on the main thread its work (about 60 % of a catch-up's, most of a
 * group commit's) competes with HTTP, deciding and projecting. Here it runs beside them: the main
 * thread sends appends and reads, and a subscription reads its next page while the main thread
 * projects the last one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EmbeddedEventStore } from '../embedded-event-store.ts';
import { sendError, type Calls, type FromWorker, type Method, type ToWorker } from './messages.ts';

/** Batches a subscription reads ahead of the main thread, at most. */
const READ_AHEAD = 2;

const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

interface Subscription {
  abort: AbortController;
  credit: number;
  wake: (() => void) | undefined;
}

async function serve(store: EmbeddedEventStore): Promise<void> {
  const subscriptions = new Map<number, Subscription>();
  const methods: { [M in Method]: (...args: Calls[M]['args']) => Promise<Calls[M]['result']> } = {
    appendMany: (writes) => store.appendMany(writes),
    readAllPage: (options) => store.readAllPage(options),
    readStreamPage: (streamId, options) => store.readStreamPage(streamId, options),
    close: async () => {
      for (const s of subscriptions.values()) s.abort.abort();
      await store.close();
    },
  };

  const follow = async (sub: number, after: bigint, maxBatch: number | undefined, s: Subscription) => {
    try {
      for await (const batch of store.subscribePages({ after, maxBatch, signal: s.abort.signal })) {
        while (s.credit === 0 && !s.abort.signal.aborted) await new Promise<void>((resolve) => (s.wake = resolve));
        if (s.abort.signal.aborted) break;
        s.credit--;
        post({ op: 'batch', sub, ...batch });
      }
      post({ op: 'end', sub });
    } catch (error) {
      post({ op: 'subscription-error', sub, error: sendError(error) });
    } finally {
      subscriptions.delete(sub);
    }
  };

  port.on('message', (message: ToWorker) => {
    switch (message.op) {
      case 'call': {
        const method = methods[message.method] as (...args: unknown[]) => Promise<unknown>;
        method(...message.args).then(
          (value) => post({ op: 'result', id: message.id, value }),
          (error: unknown) => post({ op: 'error', id: message.id, error: sendError(error) }),
        );
        break;
      }
      case 'subscribe': {
        const s: Subscription = { abort: new AbortController(), credit: READ_AHEAD, wake: undefined };
        subscriptions.set(message.sub, s);
        void follow(message.sub, message.after, message.maxBatch, s);
        break;
      }
      case 'pull':
      case 'unsubscribe': {
        const s = subscriptions.get(message.sub);
        if (!s) break;
        if (message.op === 'pull') s.credit++;
        else s.abort.abort();
        s.wake?.();
        s.wake = undefined;
        break;
      }
    }
  });
}

try {
  // The main thread holds the directory's lock: the lock names a process, and this is its thread.
  const store = await EmbeddedEventStore.open({ dir: (workerData as { dir: string }).dir, lock: false });
  await serve(store);
  post({ op: 'ready', head: await store.headPosition() });
} catch (error) {
  post({ op: 'failed', error: sendError(error) });
}
