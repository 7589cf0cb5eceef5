/**
 * What the embedded store's main-thread side and its worker thread say to each other. Values cross
 * by structured clone (bigints included); pages of events cross as their JSON text, which is
 * copied once and parsed on the side that uses them.
 */
import { WrongExpectedRevision, type AppendResult, type ExpectedRevision, type StreamWrite } from '../../port.ts';
import type { EventPage, PageBatch } from '../embedded-event-store.ts';

export interface Calls {
  appendMany: { args: [writes: StreamWrite[]]; result: AppendResult[] };
  readAllPage: { args: [options: { after: bigint; maxCount: number }]; result: EventPage };
  readStreamPage: { args: [streamId: string, options: { fromRevision?: bigint; maxCount?: number }]; result: EventPage };
  close: { args: []; result: void };
}
export type Method = keyof Calls;

export type ToWorker =
  | { op: 'call'; id: number; method: Method; args: unknown[] }
  | { op: 'subscribe'; sub: number; after: bigint; maxBatch: number | undefined }
  /** The main side took one batch of `sub`: the worker may read one more ahead. */
  | { op: 'pull'; sub: number }
  | { op: 'unsubscribe'; sub: number };

export type FromWorker =
  | { op: 'ready'; head: bigint }
  | { op: 'failed'; error: SentError }
  | { op: 'result'; id: number; value: unknown }
  | { op: 'error'; id: number; error: SentError }
  | ({ op: 'batch'; sub: number } & PageBatch)
  | { op: 'end'; sub: number }
  | { op: 'subscription-error'; sub: number; error: SentError };

/** An error as it crosses the thread boundary: enough to throw the same kind on the other side. */
export interface SentError {
  name: string;
  message: string;
  stack?: string | undefined;
  conflict?: { streamId: string; expected: ExpectedRevision; actual: bigint | 'no_stream' };
}

export function sendError(error: unknown): SentError {
  if (error instanceof WrongExpectedRevision) {
    return { name: error.name, message: error.message, conflict: { streamId: error.streamId, expected: error.expected, actual: error.actual } };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, message: e.message, stack: e.stack };
}

/** The error to throw on the receiving side: a revision conflict stays a `WrongExpectedRevision` (the write API retries on it). */
export function receivedError(sent: SentError): Error {
  if (sent.conflict) return new WrongExpectedRevision(sent.conflict.streamId, sent.conflict.expected, sent.conflict.actual);
  const error = new Error(`embedded event store (worker thread): ${sent.message}`);
  error.name = sent.name;
  if (sent.stack) error.stack = `${error.name}: ${error.message}\n  --- in the worker thread ---\n${sent.stack}`;
  return error;
}
