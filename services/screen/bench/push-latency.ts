import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { shanghaiDate as day } from '@redstream/schema';
import { generateRegion, postToApi } from '@redstream/simulator';
import { createClient } from 'graphql-sse';
import { screenOperationHash } from '../src/index.ts';
import { driveLoad, numberArg, type Accepted } from './load.ts';
import { startPlatformProcess } from './platform-process.ts';

export interface PushLatencyOptions {
  /** Facts per second (default 500). */
  rate?: number;
  /** Seconds of load (default 30). */
  seconds?: number;
}

export interface PushLatencyFigures {
  rate: number;
  seconds: number;
  /** Facts per second the write API accepted. */
  acceptedRate: number;
  facts: number;
  measured: number;
  pushes: number;
  /** Pushes per second while the load ran: the hub's cadence (at most 4/s at its 250 ms floor). */
  pushesPerSecond: number;
  /** The machine's 1-minute load average at the start and the end of the load (2 cores: above 2, something else competes). */
  loadAverage: [number, number];
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

const ADMIN_KEY = 'admin-key-push-latency-0123456789';
const SCREEN_KEY = 'screen-key-push-latency-0123456789';
const log = (text: string) => process.stderr.write(`${text}\n`);

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN);

/** Waits (at most a minute) until GraphQL's projectionLag says the read models stand at the log's head. */
async function caughtUp(url: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    const response = await fetch(new URL('/graphql', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: JSON.stringify({ query: '{ projectionLag { caughtUp } }' }),
    });
    const body = (await response.json()) as { data?: { projectionLag: { caughtUp: boolean } | null } };
    if (body.data?.projectionLag?.caughtUp) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the projections did not catch up with the seed within a minute');
}

/**
 * p50/p95 from a fact accepted (the write API's answer) to a screen subscription receiving figures
 * that include it (payload `position` ≥ the fact's position), at `rate` facts/s, on the all-in-one
 * process (`npm start -- --no-demo`, embedded stores) in a process of its own. The subscriber is
 * the screen's: the persisted `screen-live` operation with a screen key, over SSE.
 */
export async function benchPushLatency(options: PushLatencyOptions = {}): Promise<PushLatencyFigures> {
  const rate = options.rate ?? 500;
  const seconds = options.seconds ?? 30;
  const dataDir = mkdtempSync(join(tmpdir(), 'redstream-push-latency-'));
  const server = await startPlatformProcess({ dataDir, port: 0, adminKey: ADMIN_KEY, screenKey: SCREEN_KEY, screenScope: 'region:371302' });
  try {
    const now = Date.now();
    const region = generateRegion({ seed: 500, from: day(now - 2 * 86_400_000), to: day(now), scale: 0.002 });
    const seeded = await postToApi(server.url, ADMIN_KEY, region, { batchSize: 1000 });
    log(`seeded ${seeded.accepted} facts (${region.state.streamers.length} streamers)`);
    // Steady state, not the seed's catch-up: the timed load starts once the projections hold the seed.
    await caughtUp(server.url);

    const pushes: { position: number; at: number }[] = [];
    const client = createClient({ url: `${server.url}/graphql`, headers: { authorization: `Bearer ${SCREEN_KEY}` }, retryAttempts: 0 });
    let first!: () => void;
    const subscribed = new Promise<void>((resolve) => (first = resolve));
    const dispose = client.subscribe<{ liveFigures: { position: string | null } }>(
      { query: '', variables: { scope: { regionCode: '371302' } }, extensions: { persistedQuery: { version: 1, sha256Hash: screenOperationHash() } } },
      {
        next: (r) => {
          const at = performance.now();
          if (r.errors) throw new Error(JSON.stringify(r.errors));
          pushes.push({ position: Number(r.data?.liveFigures.position ?? 0), at });
          first();
        },
        error: (e) => log(`subscription error: ${String(e)}`),
        complete: () => undefined,
      },
    );
    await subscribed;

    const accepted: Accepted[] = [];
    let lastLog = 0;
    const loadBefore = loadavg()[0]!;
    const pushesBefore = pushes.length;
    const load = await driveLoad({
      url: server.url,
      key: ADMIN_KEY,
      region: region.state,
      rate,
      seconds,
      onAccepted: (a) => accepted.push(a),
      onTick: (r) => {
        if (performance.now() - lastLog > 5000) {
          lastLog = performance.now();
          log(`  ${r.accepted} accepted, ${pushes.length} pushes`);
        }
      },
    });
    const loadAfter = loadavg()[0]!;
    const pushesDuringLoad = pushes.length - pushesBefore;
    // The last facts' push.
    const lastPosition = accepted.at(-1)?.position ?? 0;
    const deadline = performance.now() + 10_000;
    while ((pushes.at(-1)?.position ?? 0) < lastPosition && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    dispose();
    client.dispose();

    // Answers and pushes both arrive in position order: one walk. A fact's latency runs from its
    // answer to the first push whose figures include it; a push can come before the answer (the
    // projector maps a batch as soon as it is in the log), and then the screen had it first: 0.
    const latencies: number[] = [];
    let j = 0;
    for (const a of accepted) {
      while (j < pushes.length && pushes[j]!.position < a.position) j++;
      if (j < pushes.length) latencies.push(Math.max(0, pushes[j]!.at - a.at));
    }
    latencies.sort((x, y) => x - y);
    const round = (v: number) => Math.round(v);
    return {
      rate,
      seconds,
      acceptedRate: Math.round(load.accepted / load.seconds),
      facts: load.accepted,
      measured: latencies.length,
      pushes: pushes.length,
      pushesPerSecond: Math.round((pushesDuringLoad / load.seconds) * 100) / 100,
      loadAverage: [Math.round(loadBefore * 100) / 100, Math.round(loadAfter * 100) / 100],
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(latencies.at(-1) ?? Number.NaN),
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await benchPushLatency({ rate: numberArg('rate'), seconds: numberArg('seconds') });
  console.log(JSON.stringify(figures, null, 2));
  process.exit(0);
}
