import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Fact } from '@redstream/schema';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { benchSales } from './bench-sales.ts';
import { parseCli, USAGE, type Sink } from './cli-options.ts';
import { buildRegion, generateRegion } from './generate-region.ts';
import { liveFacts } from './live.ts';
import { importToApi, postToApi } from './sinks/http.ts';
import { writeNdjson } from './sinks/ndjson.ts';
import { writeToStore } from './sinks/store.ts';

/** CLI: generate a region (or bench sales) into NDJSON, the event store or the write API; then optionally go live. */
async function main(): Promise<void> {
  const options = parseCli(process.argv.slice(2));
  if (options.help) return void console.log(USAGE);
  const { region: regionOptions } = options;
  log(`simulator: seed ${regionOptions.seed}, ${regionOptions.from} … ${regionOptions.to} (exclusive), scale ${regionOptions.scale}`);

  const started = performance.now();
  const counts: Record<string, number> = {};
  const counted = function* (facts: Iterable<Fact>): Generator<Fact> {
    for (const f of facts) {
      counts[f.type] = (counts[f.type] ?? 0) + 1;
      yield f;
    }
  };

  const store = options.sink.kind === 'store' ? await openEmbeddedEventStore({ dir: options.sink.dir, thread: 'worker' }) : undefined;
  const out = options.sink.kind === 'file' ? createWriteStream(options.sink.path) : options.sink.kind === 'stdout' ? process.stdout : undefined;
  try {
    let region;
    if (options.live?.only) {
      region = buildRegion(regionOptions);
    } else {
      const run = generateRegion(regionOptions);
      // Bench sales need only the streamers registered before the period: the baseline.
      const facts = options.benchSales !== undefined
        ? benchSales({ seed: regionOptions.seed, region: buildRegion({ ...regionOptions, to: regionOptions.from }), count: options.benchSales, from: regionOptions.from, to: regionOptions.to })
        : run;
      await send(options.sink, counted(facts), { store, out, batch: options.batch });
      region = options.benchSales !== undefined ? undefined : run.state;
      const seconds = (performance.now() - started) / 1000;
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      log(`\n${total} facts in ${seconds.toFixed(1)} s (${Math.round(total / seconds)} facts/s)`);
      for (const [type, n] of Object.entries(counts)) log(`  ${type.padEnd(24)} ${n}`);
    }
    if (options.live && region) {
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      process.once('SIGTERM', () => controller.abort());
      log(`live: ${options.live.rate} facts/s${options.live.limit ? `, ${options.live.limit} facts` : ''} (Ctrl-C stops)`);
      await send(options.sink, liveFacts({ region, rate: options.live.rate, signal: controller.signal, limit: options.live.limit }), {
        store, out, batch: Math.max(1, Math.min(options.batch ?? 100, Math.ceil(options.live.rate / 2))),
      });
    }
  } finally {
    await store?.close();
    if (out && out !== process.stdout) await new Promise((resolve) => (out as Writable).end(resolve));
  }
}

async function send(
  sink: Sink,
  facts: Iterable<Fact> | AsyncIterable<Fact>,
  ctx: { store: EventStore | undefined; out: Writable | undefined; batch: number | undefined },
): Promise<void> {
  const progress = (n: number) => process.stderr.isTTY && process.stderr.write(`\r${n} facts`);
  switch (sink.kind) {
    case 'stdout':
    case 'file':
      await writeNdjson(facts, ctx.out!, (n) => n % 50_000 === 0 && progress(n));
      return;
    case 'store': {
      const r = await writeToStore(ctx.store!, facts, { batchSize: ctx.batch ?? 2000, onProgress: (p) => progress(p.appended + p.duplicates) });
      log(`\nstore: ${r.appended} appended, ${r.duplicates} already stored`);
      return;
    }
    case 'api': {
      if (sink.bulkImport) return void log(`\nimport: ${JSON.stringify(await importToApi(sink.url, sink.key, facts))}`);
      const r = await postToApi(sink.url, sink.key, facts, { batchSize: ctx.batch ?? 500, onProgress: (p) => progress(p.accepted + p.rejected) });
      log(`\napi: ${r.accepted} accepted, ${r.rejected} rejected${r.rejections.length ? `; first: ${JSON.stringify(r.rejections.slice(0, 3))}` : ''}`);
      return;
    }
  }
}

const log = (line: string) => process.stderr.write(`${line}\n`);

main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  log(USAGE);
  process.exitCode = 1;
});
