/** Groups a (possibly async) stream of items into arrays of at most `size`, lazily. */
export async function* batches<T>(items: Iterable<T> | AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  if (!(size >= 1)) throw new Error(`batch size must be at least 1, got ${size}`);
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

export interface Progress {
  /** Facts handed to the sink so far. */
  sent: number;
}
