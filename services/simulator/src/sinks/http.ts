import type { Fact } from '@redstream/schema';
import { batches } from './batches.ts';

/** What the write API said about the facts it was sent. */
export interface ApiWriteResult {
  accepted: number;
  rejected: number;
  /** The first rejections (id, reason, path), for a report; capped at 20. */
  rejections: { id: string; reason?: string; path?: string }[];
}

interface ApiResponse {
  results: { id: string; status: 'accepted' | 'rejected'; reason?: string; path?: string }[];
}

export interface ApiOptions {
  batchSize?: number;
  onProgress?: (p: ApiWriteResult) => void;
  fetch?: typeof fetch;
}

/**
 * POSTs facts to `<url>/v1/events` in batches with the bearer key. A re-sent fact (same id) is
 * answered with its first result, so a re-run is safe. Fails on a non-2xx answer.
 */
export async function postToApi(url: string, key: string, facts: Iterable<Fact> | AsyncIterable<Fact>, options: ApiOptions = {}): Promise<ApiWriteResult> {
  const doFetch = options.fetch ?? fetch;
  const endpoint = new URL('/v1/events', url);
  const result: ApiWriteResult = { accepted: 0, rejected: 0, rejections: [] };
  for await (const batch of batches(facts, options.batchSize ?? 500)) {
    const response = await doFetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(batch),
    });
    // 422: nothing of the batch was accepted; the body still holds each fact's result.
    if (!response.ok && response.status !== 422) throw new Error(`POST ${endpoint.href} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
    const body = (await response.json()) as ApiResponse;
    for (const r of body.results) {
      if (r.status === 'accepted') result.accepted++;
      else {
        result.rejected++;
        if (result.rejections.length < 20) result.rejections.push({ id: r.id, ...(r.reason ? { reason: r.reason } : {}), ...(r.path ? { path: r.path } : {}) });
      }
    }
    options.onProgress?.({ ...result, rejections: [...result.rejections] });
  }
  return result;
}

/** Streams all facts as one NDJSON body to `<url>/v1/import`; returns the API's summary as sent. */
export async function importToApi(url: string, key: string, facts: Iterable<Fact> | AsyncIterable<Fact>, options: { fetch?: typeof fetch } = {}): Promise<unknown> {
  const doFetch = options.fetch ?? fetch;
  const endpoint = new URL('/v1/import', url);
  const encoder = new TextEncoder();
  const lines = batches(facts, 1000);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value.map((f) => JSON.stringify(f)).join('\n') + '\n'));
    },
  });
  const response = await doFetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${key}` },
    body,
    duplex: 'half',
  } as RequestInit);
  if (!response.ok && response.status !== 422) throw new Error(`POST ${endpoint.href} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
  return response.json();
}
