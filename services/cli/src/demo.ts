import { SingleBar, Presets } from 'cli-progress';
import type { FastifyBaseLogger } from 'fastify';
import { DEMO_SENDER_HEADER } from '@redstream/service-kit';
import type { EventStore } from '@redstream/event-store';
import { buildRegion, demoOptions, generateRegion, liveFacts, postToApi, writeToStore, type RegionState } from '@redstream/simulator';

/**
 * Demo data: the simulator's Lanshan region at 0.1 %, from 1 January last year to today, written
 * straight to the event store (it is the same deterministic history every time, so a restart
 * appends nothing twice). Returns the region's state for the live stream.
 */
export async function loadDemo(store: EventStore, options: { showProgress: boolean; write: boolean }): Promise<RegionState> {
  const opts = demoOptions();
  // A restart only needs the region's state (the facts are stored): one pass, no count.
  if (!options.write) return buildRegion(opts);
  // The progress bar needs the total: counting is a generation pass without the store (~2 s).
  let total = 0;
  for (const _ of generateRegion(opts)) total++;
  const run = generateRegion(opts);
  const bar = options.showProgress
    ? new SingleBar(
        { format: 'loading demo data |{bar}| {percentage}% {value}/{total} facts · {rate} facts/s · ETA {eta_formatted}', hideCursor: true, etaBuffer: 50 },
        Presets.shades_classic,
      )
    : undefined;
  const started = Date.now();
  const rate = (done: number) => Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)).toLocaleString('en-US');
  bar?.start(total, 0, { rate: '0' });
  let last = 0;
  await writeToStore(store, run, {
    batchSize: 1000,
    sender: 'demo',
    onProgress: (p) => {
      const done = p.appended + p.duplicates;
      bar?.update(done, { rate: rate(done) });
      if (!bar && done - last >= 50_000) {
        last = done;
        console.log(`loading demo data: ${done}/${total} facts (${rate(done)} facts/s)`);
      }
    },
  });
  bar?.stop();
  console.log(`demo data loaded: ${total} facts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return run.state;
}

/** Keeps new facts flowing through the write API, as a park's systems would send them. */
export async function streamLiveDemo(options: { region: RegionState; url: string; key: string; rate: number; signal: AbortSignal; log: FastifyBaseLogger }): Promise<void> {
  try {
    const facts = liveFacts({ region: options.region, rate: options.rate, signal: options.signal });
    // Marked as the demo's own, so the server does not log each of these requests.
    const fetchAsDemo: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), [DEMO_SENDER_HEADER]: 'demo' } });
    await postToApi(options.url, options.key, facts, { batchSize: 1, fetch: fetchAsDemo });
  } catch (error) {
    if (!options.signal.aborted) options.log.error({ err: error }, 'live demo stream stopped');
  }
}
