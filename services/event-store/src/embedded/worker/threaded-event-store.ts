import { mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, RecordedEvent, StreamWrite, SubscribeOptions, SubscriptionBatch } from '../../port.ts';
import { lockDirectory } from '../directory-lock.ts';
import { toRecorded, type PageBatch } from '../embedded-event-store.ts';
import { receivedError, type Calls, type FromWorker, type Method, type SentError, type ToWorker } from './messages.ts';

type SubscriptionMessage = ({ op: 'batch' } & PageBatch) | { op: 'end' } | { op: 'subscription-error'; error: SentError };

interface Subscriber {
  deliver: (message: SubscriptionMessage) => void;
  /** Still reading the log's past: the process waits for it (a live wait does not hold it open). */
  catchingUp: boolean;
}

/**
 * The embedded store with PGlite on its own worker thread (store-worker.ts), so the store's
 * WebAssembly runs on the second core while this thread serves HTTP, decides and projects. The
 * same port and behaviour as the in-thread store: appends run one after another in the worker, in
 * position order; a subscription's pages are read ahead and parsed here.
 *
 * The worker is referenced only while something waits on it (a call, or a subscription still
 * catching up), so an idle store never keeps a process alive — as with the in-thread store.
 */
export class ThreadedEventStore implements EventStore {
  readonly kind = 'embedded' as const;
  private nextId = 1;
  private readonly calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly subscribers = new Map<number, Subscriber>();
  private head = 0n;
  private failure: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly unlock: () => void,
  ) {}

  static async open(options: { dir: string }): Promise<ThreadedEventStore> {
    mkdirSync(options.dir, { recursive: true });
    const unlock = lockDirectory(options.dir);
    const worker = new Worker(new URL('./store-worker.mjs', import.meta.url), { workerData: { dir: options.dir } });
    const store = new ThreadedEventStore(worker, unlock);
    let opened: { resolve: (head: bigint) => void; reject: (error: Error) => void } | undefined;
    const ready = new Promise<bigint>((resolve, reject) => (opened = { resolve, reject }));
    // One set of listeners for the worker's whole life: until 'ready' they settle the opening.
    worker.on('message', (message: FromWorker) => {
      if (message.op === 'ready') opened?.resolve(message.head);
      else if (message.op === 'failed') opened?.reject(receivedError(message.error));
      else store.received(message);
    });
    worker.on('error', (error) => (opened?.reject(error), store.fail(error)));
    worker.on('exit', (code) => {
      const error = new Error(`the event store's worker thread exited with ${code} (${options.dir})`);
      opened?.reject(error);
      store.fail(error);
    });
    try {
      store.head = await ready;
      opened = undefined;
    } catch (error) {
      await worker.terminate();
      unlock();
      throw error;
    }
    store.holdOpen();
    return store;
  }

  async append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision = 'any'): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expectedRevision }]);
    return result!;
  }

  async appendMany(writes: StreamWrite[]): Promise<AppendResult[]> {
    const results = await this.call('appendMany', writes);
    for (const result of results) for (const position of result.positions) if (position > this.head) this.head = position;
    return results;
  }

  async readStream(streamId: string, options: { fromRevision?: bigint; maxCount?: number } = {}): Promise<RecordedEvent[]> {
    return toRecorded((await this.call('readStreamPage', streamId, options)).page);
  }

  async readAll(options: { after: bigint; maxCount: number }): Promise<RecordedEvent[]> {
    return toRecorded((await this.call('readAllPage', options)).page);
  }

  /** Every append goes through this thread, so the head is known here without asking. */
  async headPosition(): Promise<bigint> {
    return this.head;
  }

  async *subscribe(options: SubscribeOptions): AsyncIterable<SubscriptionBatch> {
    const { signal } = options;
    if (signal?.aborted) return;
    if (this.failure) throw this.failure;
    const sub = this.nextId++;
    const queue: SubscriptionMessage[] = [];
    let wake: (() => void) | undefined;
    const subscriber: Subscriber = {
      deliver: (message) => {
        queue.push(message);
        wake?.();
      },
      catchingUp: true,
    };
    this.subscribers.set(sub, subscriber);
    const onAbort = () => this.post({ op: 'unsubscribe', sub });
    signal?.addEventListener('abort', onAbort, { once: true });
    this.post({ op: 'subscribe', sub, after: options.after, maxBatch: options.maxBatch });
    this.holdOpen();
    let ended = false;
    try {
      for (;;) {
        const message = queue.shift();
        if (!message) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        if (message.op === 'end') {
          ended = true;
          return;
        }
        if (message.op === 'subscription-error') {
          ended = true;
          throw receivedError(message.error);
        }
        if (message.caughtUp && subscriber.catchingUp) {
          subscriber.catchingUp = false;
          this.holdOpen();
        }
        this.post({ op: 'pull', sub });
        if (signal?.aborted) return;
        yield { events: toRecorded(message.page), checkpoint: message.checkpoint, caughtUp: message.caughtUp };
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (!ended) this.post({ op: 'unsubscribe', sub });
      this.subscribers.delete(sub);
      this.holdOpen();
    }
  }

  async close(): Promise<void> {
    if (!this.failure) {
      try {
        await this.call('close');
      } finally {
        this.failure = new Error('the event store is closed');
        await this.worker.terminate();
      }
    }
    this.unlock();
  }

  private call<M extends Method>(method: M, ...args: Calls[M]['args']): Promise<Calls[M]['result']> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const result = new Promise<Calls[M]['result']>((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (value: unknown) => void, reject });
    });
    this.post({ op: 'call', id, method, args });
    this.holdOpen();
    return result;
  }

  private post(message: ToWorker): void {
    if (!this.failure) this.worker.postMessage(message);
  }

  private received(message: FromWorker): void {
    switch (message.op) {
      case 'result':
      case 'error': {
        const call = this.calls.get(message.id);
        this.calls.delete(message.id);
        this.holdOpen();
        if (message.op === 'result') call?.resolve(message.value);
        else call?.reject(receivedError(message.error));
        break;
      }
      case 'batch':
      case 'end':
      case 'subscription-error':
        this.subscribers.get(message.sub)?.deliver(message);
        break;
      default:
        break;
    }
  }

  /** The worker died (a PGlite abort, out of memory): every waiter hears it, and nothing waits forever. */
  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const call of this.calls.values()) call.reject(error);
    this.calls.clear();
    for (const subscriber of this.subscribers.values()) subscriber.deliver({ op: 'subscription-error', error: { name: error.name, message: error.message, stack: error.stack } });
    this.holdOpen();
  }

  /** References the worker while something waits on it (see the class comment). */
  private holdOpen(): void {
    const waiting = !this.failure && (this.calls.size > 0 || [...this.subscribers.values()].some((s) => s.catchingUp));
    if (waiting) this.worker.ref();
    else this.worker.unref();
  }
}
