/**
 * Child process of the crash test: serves the write API on the embedded store in `dir`, streams
 * `file` to POST /v1/import over real HTTP, and prints the log head as it grows (`head N`) so
 * the parent knows when to SIGKILL it, then `summary {…}` if it lives to the end.
 *   tsx import-child.ts <store dir> <ndjson file>
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { openEmbeddedEventStore } from '@redstream/event-store';
import { KeyRing } from '@redstream/service-kit';
import { buildWriteApi } from '../write-api.ts';

const [dir, file] = process.argv.slice(2);
const adminKey = 'crash-test-admin-key-0123';
const store = await openEmbeddedEventStore({ dir: dir! });
const app = await buildWriteApi({ store, keyRing: new KeyRing([], adminKey), server: { logLevel: 'warn' }, importBatchSize: 500 });
const address = await app.listen({ port: 0, host: '127.0.0.1' });

const watching = new AbortController();
void (async () => {
  for await (const batch of store.subscribe({ after: await store.headPosition(), signal: watching.signal })) {
    if (batch.events.length > 0) process.stdout.write(`head ${batch.checkpoint}\n`);
  }
})();

const response = await fetch(`${address}/v1/import`, {
  method: 'POST',
  headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/x-ndjson' },
  body: Readable.toWeb(createReadStream(file!)) as ReadableStream,
  duplex: 'half',
} as RequestInit);
process.stdout.write(`summary ${JSON.stringify(await response.json())}\n`);
watching.abort();
await app.close();
await store.close();
