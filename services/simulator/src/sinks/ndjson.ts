import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Fact } from '@redstream/schema';

/** One fact per line, as `POST /v1/import` takes it. */
export function* toNdjson(facts: Iterable<Fact>): Generator<string> {
  for (const fact of facts) yield `${JSON.stringify(fact)}\n`;
}

/** Writes facts as NDJSON, honouring backpressure; resolves with the number written. */
export async function writeNdjson(facts: Iterable<Fact> | AsyncIterable<Fact>, out: Writable, onProgress?: (written: number) => void): Promise<number> {
  let written = 0;
  let chunk = '';
  for await (const fact of facts) {
    chunk += `${JSON.stringify(fact)}\n`;
    if (++written % 1000 === 0) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
      onProgress?.(written);
    }
  }
  if (chunk && !out.write(chunk)) await once(out, 'drain');
  onProgress?.(written);
  return written;
}
