import type { EventStore } from '../port.ts';
import { EmbeddedEventStore } from './embedded-event-store.ts';
import { ThreadedEventStore } from './worker/threaded-event-store.ts';

/**
 * The embedded store in `dir` (in memory without one).
 * - `thread: 'worker'` runs PGlite on a worker thread, off the thread that serves requests and
 *   projects: what the platform runs (`openEventStore`) and the benchmarks measure.
 * - `thread: 'current'` (the default) runs it on the calling thread. Opening costs a few seconds
 *   less (no thread to start, no second compile of PGlite's WebAssembly), which tests that open a
 *   fresh store each pay many times; the contract suite holds both to the same behaviour.
 * An in-memory store always runs on the calling thread: it has no directory to hand over.
 */
export function openEmbeddedEventStore(options: { dir?: string | undefined; thread?: 'worker' | 'current' }): Promise<EventStore> {
  if (options.dir && options.thread === 'worker') return ThreadedEventStore.open({ dir: options.dir });
  return EmbeddedEventStore.open(options);
}
