import type { Fact } from '@redstream/schema';
import { liveFacts } from '@redstream/simulator';
import type { RegionState } from '@redstream/simulator';

export interface Accepted {
  position: number;
  /** performance.now() when the write API's answer arrived. */
  at: number;
}

export interface LoadResult {
  sent: number;
  accepted: number;
  rejected: number;
  requests: number;
  seconds: number;
}

/**
 * Live facts at `rate` per second for `seconds`, POSTed every `tickMs` in order (one request in
 * flight, so a refund never overtakes its sale); `onAccepted` hears each accepted fact's position
 * and when its answer arrived.
 */
export async function driveLoad(opts: {
  url: string;
  key: string;
  region: RegionState;
  rate: number;
  seconds: number;
  tickMs?: number;
  onAccepted?: (a: Accepted) => void;
  onTick?: (r: LoadResult) => void;
}): Promise<LoadResult> {
  const tickMs = opts.tickMs ?? 100;
  const stop = new AbortController();
  const started = performance.now();
  const result: LoadResult = { sent: 0, accepted: 0, rejected: 0, requests: 0, seconds: 0 };
  let buffer: Fact[] = [];
  let chain = Promise.resolve();
  const flush = () => {
    if (!buffer.length) return;
    const batch = buffer;
    buffer = [];
    chain = chain.then(async () => {
      const response = await fetch(new URL('/v1/events', opts.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.key}` },
        body: JSON.stringify(batch),
      });
      const at = performance.now();
      const body = (await response.json()) as { results?: { status: string; position?: number }[] };
      result.requests++;
      for (const r of body.results ?? []) {
        if (r.status === 'accepted' && r.position !== undefined) {
          result.accepted++;
          opts.onAccepted?.({ position: r.position, at });
        } else result.rejected++;
      }
    });
  };
  const ticker = setInterval(() => {
    flush();
    opts.onTick?.(result);
  }, tickMs);
  const timer = setTimeout(() => stop.abort(), opts.seconds * 1000);
  try {
    for await (const fact of liveFacts({ region: opts.region, rate: opts.rate, signal: stop.signal })) {
      buffer.push(fact);
      result.sent++;
    }
  } finally {
    clearInterval(ticker);
    clearTimeout(timer);
  }
  flush();
  await chain;
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** `--name 42` on the command line of a bench script, as a number; undefined when absent. */
export function numberArg(name: string, argv: readonly string[] = process.argv): number | undefined {
  const i = argv.indexOf(`--${name}`);
  return i > 0 ? Number(argv[i + 1]) : undefined;
}
