import { WrongExpectedRevision, type AppendResult, type StreamWrite } from '@redstream/event-store';

type AppendMany = (writes: StreamWrite[]) => Promise<AppendResult[]>;

interface Waiting {
  writes: StreamWrite[];
  resolve: (results: AppendResult[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the embedded store: PGlite runs one transaction at a time, so while one
 * append is in flight the appends of other requests wait anyway. They are merged into the next
 * transaction, which turns many single-fact requests into one commit. Requests touching the same
 * stream are never merged (one of them must see the other's revision), and when a merged append
 * fails on an expected revision, each request's writes are retried alone so only the request
 * that really conflicts gets the error.
 */
export class GroupCommit {
  private queue: Waiting[] = [];
  private busy = false;

  constructor(private readonly appendMany: AppendMany) {}

  append(writes: StreamWrite[]): Promise<AppendResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ writes, resolve, reject });
      if (this.busy) return;
      this.busy = true;
      // PGlite runs queries on this thread: give requests already in flight one turn of the
      // event loop to reach the queue, so they share this commit instead of waiting for the next.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.takeGroup();
        await this.commit(group);
      }
    } finally {
      this.busy = false;
    }
  }

  /** The longest run of waiting requests from the front whose streams do not overlap. */
  private takeGroup(): Waiting[] {
    const streams = new Set<string>();
    const group: Waiting[] = [];
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (group.length > 0 && next.writes.some((w) => streams.has(w.streamId))) break;
      next.writes.forEach((w) => streams.add(w.streamId));
      group.push(this.queue.shift()!);
    }
    return group;
  }

  private async commit(group: Waiting[]): Promise<void> {
    if (group.length === 1) {
      const [only] = group;
      await this.appendMany(only!.writes).then(only!.resolve, only!.reject);
      return;
    }
    try {
      const results = await this.appendMany(group.flatMap((g) => g.writes));
      let offset = 0;
      for (const waiting of group) {
        waiting.resolve(results.slice(offset, offset + waiting.writes.length));
        offset += waiting.writes.length;
      }
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision)) {
        group.forEach((g) => g.reject(error));
        return;
      }
      for (const waiting of group) await this.appendMany(waiting.writes).then(waiting.resolve, waiting.reject);
    }
  }
}
