/**
 * Lets the event loop run between slices of a long synchronous job. Why: the projector's writes
 * run on chDB's threads, but each next statement of a batch is issued from this thread; a batch
 * mapped in one synchronous stretch left chDB idle for all of it (catch-up ran at the sum of the
 * two instead of the larger). Requests served by the same process wait less, too.
 */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
