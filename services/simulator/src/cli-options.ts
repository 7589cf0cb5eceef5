import { parseArgs } from 'node:util';
import { demoOptions } from './demo.ts';
import type { RegionOptions } from './generate-region.ts';

export const USAGE = `redstream simulator — a deterministic livestream region as facts

  tsx services/simulator/src/main.ts [--seed N] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--scale F]
        [--out FILE.ndjson | --to-store DIR | --to-api URL --key KEY [--import]] [--batch N]
        [--live --rate FACTS_PER_S [--live-limit N] [--live-only]]
        [--bench-sales N]

  Period is [from, to): default from 1 January last year to today (Asia/Shanghai).
  Without a sink, NDJSON goes to stdout; progress goes to stderr.
  --live         after the history, keep sending new facts at --rate (Ctrl-C stops)
  --live-only    build the region silently (facts already stored), then go live
  --bench-sales  instead of a region, N SaleRecorded facts for its streamers over the period`;

export type Sink = { kind: 'stdout' } | { kind: 'file'; path: string } | { kind: 'store'; dir: string } | { kind: 'api'; url: string; key: string; bulkImport: boolean };

export interface CliOptions {
  region: RegionOptions;
  sink: Sink;
  batch: number | undefined;
  live: { rate: number; limit: number | undefined; only: boolean } | undefined;
  benchSales: number | undefined;
  help: boolean;
}

export function parseCli(argv: string[], now = Date.now()): CliOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      seed: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, scale: { type: 'string' },
      out: { type: 'string' }, 'to-store': { type: 'string' }, 'to-api': { type: 'string' }, key: { type: 'string' }, import: { type: 'boolean' },
      batch: { type: 'string' }, live: { type: 'boolean' }, rate: { type: 'string' }, 'live-limit': { type: 'string' }, 'live-only': { type: 'boolean' },
      'bench-sales': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  const number = (name: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${raw}`);
    return n;
  };
  const demo = demoOptions(now);
  const region: RegionOptions = {
    seed: values.seed ?? demo.seed,
    from: values.from ?? demo.from,
    to: values.to ?? demo.to,
    scale: number('scale', values.scale) ?? demo.scale,
  };
  const sinks = [values.out, values['to-store'], values['to-api']].filter((v) => v !== undefined);
  if (sinks.length > 1) throw new Error('choose one of --out, --to-store, --to-api');
  let sink: Sink = { kind: 'stdout' };
  if (values.out !== undefined && values.out !== '-') sink = { kind: 'file', path: values.out };
  if (values['to-store'] !== undefined) sink = { kind: 'store', dir: values['to-store'] };
  if (values['to-api'] !== undefined) {
    if (!values.key) throw new Error('--to-api needs --key');
    sink = { kind: 'api', url: values['to-api'], key: values.key, bulkImport: values.import ?? false };
  }
  const live = values.live || values['live-only']
    ? { rate: number('rate', values.rate) ?? 50, limit: number('live-limit', values['live-limit']), only: values['live-only'] ?? false }
    : undefined;
  return { region, sink, batch: number('batch', values.batch), live, benchSales: number('bench-sales', values['bench-sales']), help: values.help ?? false };
}
