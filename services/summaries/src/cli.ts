import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { LANGS, type Lang } from './format.ts';
import { createPdfPrinter } from './pdf.ts';
import { parseScope, scopeKey, type Scope } from './scope.ts';
import type { QueryAccess } from './query-access.ts';
import { createSummaryStore, FORMATS, type Format } from './store.ts';
import { SummaryClientEnvSchema } from './env.ts';
import { shanghaiYear, yearPeriod } from '@redstream/schema';

/**
 * `redstream summary --year 2025 --region 371302 [--format pdf|html|json] [--lang zh-CN|en] [--out file]`
 *
 * Reads the stores directly (embedded under REDSTREAM_DATA_DIR, or CLICKHOUSE_URL), or, with
 * `--url` (REDSTREAM_URL), asks a running redstream over HTTP with `--key` (REDSTREAM_API_KEY) —
 * the way to go while a server holds the embedded stores. The CLI forwards argv here unchanged.
 */
export const SUMMARY_USAGE = `usage: redstream summary --year 2025 --region 371302 [--format pdf|html|json] [--lang zh-CN|en] [--out file]
                         [--as-of <position|date-time>] [--url http://host:4000 --key <api key>]

  --year     calendar year in Asia/Shanghai (default: the year just ended)
  --region   a region code (any level), park-<parkId> or committee-<committeeId> (alias --scope)
  --format   pdf (default), html or json
  --lang     zh-CN (default) or en
  --out      file to write; default: stdout for html and json, redstream-<scope>-<year>.pdf for pdf
  --as-of    as the event log stood at a position (digits) or a date-time (ISO with offset): the whole
             summary, every format, computed from the events at or below it (the log replayed into
             a copy of the read models)
  --url      a running redstream (or REDSTREAM_URL); --key or REDSTREAM_API_KEY is its API key`;

export interface SummaryArgs {
  year: number;
  scope: Scope;
  format: Format;
  lang: Lang;
  out: string | undefined;
  url: string | undefined;
  key: string | undefined;
  asOf: string | undefined;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\n\n${SUMMARY_USAGE}`);
    this.name = 'UsageError';
  }
}

export function parseSummaryArgs(argv: readonly string[], env: Record<string, string | undefined> = process.env, now = new Date()): SummaryArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        year: { type: 'string' },
        region: { type: 'string' },
        scope: { type: 'string' },
        format: { type: 'string', default: 'pdf' },
        lang: { type: 'string', default: 'zh-CN' },
        out: { type: 'string', short: 'o' },
        url: { type: 'string' },
        key: { type: 'string' },
        'as-of': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const problems: string[] = [];
  const year = values.year === undefined ? shanghaiYear(now) - 1 : Number(values.year);
  try {
    if (!/^\d{4}$/.test(String(year))) throw new Error(`--year must be a year such as 2025, got ${JSON.stringify(values.year)}`);
    yearPeriod(year);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const scopeText = values.region ?? values.scope;
  let scope: Scope | undefined;
  if (scopeText === undefined) problems.push('--region is required');
  else {
    try {
      scope = parseScope(scopeText);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (!FORMATS.includes(values.format as Format)) problems.push(`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(values.format)}`);
  if (!LANGS.includes(values.lang as Lang)) problems.push(`--lang must be one of ${LANGS.join(', ')}, got ${JSON.stringify(values.lang)}`);
  const vars = SummaryClientEnvSchema.parse(env);
  const url = values.url ?? vars.REDSTREAM_URL;
  const key = values.key ?? vars.REDSTREAM_API_KEY ?? vars.REDSTREAM_ADMIN_KEY;
  if (url !== undefined && !key) problems.push('--url needs an API key: --key or REDSTREAM_API_KEY');
  const asOf = values['as-of'];
  if (asOf !== undefined && !/^\d+$/.test(asOf) && Number.isNaN(Date.parse(asOf))) problems.push(`--as-of must be a log position or an ISO date-time, got ${JSON.stringify(asOf)}`);
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return { year, scope: scope!, format: values.format as Format, lang: values.lang as Lang, out: values.out, url, key, asOf };
}


export interface SummaryCommandDeps {
  env?: Record<string, string | undefined>;
  /** Opens the read models (default: the projections package's ClickHouse, caught up from the event store). */
  openQuery?: (env: Record<string, string | undefined>) => Promise<QueryAccess>;
  stdout?: NodeJS.WritableStream;
  now?: () => Date;
}

/** Runs `redstream summary …`: writes the summary where --out says (or stdout) and returns where it went. */
export async function runSummaryCommand(argv: readonly string[], deps: SummaryCommandDeps = {}): Promise<{ args: SummaryArgs; bytes: number; out: string }> {
  const env = deps.env ?? process.env;
  const args = parseSummaryArgs(argv, env, deps.now?.() ?? new Date());
  const body = args.url ? await fetchSummary(args) : await generateLocally(args, env, deps);
  const out = args.out ?? (args.format === 'pdf' ? `redstream-${scopeKey(args.scope)}-${args.year}${args.lang === 'en' ? '.en' : ''}.pdf` : '-');
  if (out === '-') {
    const stdout = deps.stdout ?? process.stdout;
    await new Promise<void>((resolve, reject) => stdout.write(body, (error) => (error ? reject(error) : resolve())));
  } else {
    await writeFile(out, body);
  }
  return { args, bytes: body.length, out };
}

/** The CLI entry the lead's `redstream summary` forwards to: `run(argv)`. */
export async function run(argv: string[]): Promise<void> {
  const { out, bytes } = await runSummaryCommand(argv);
  if (out !== '-') process.stderr.write(`wrote ${out} (${bytes} bytes)\n`);
}

async function fetchSummary(args: SummaryArgs): Promise<Buffer> {
  const url = new URL(`/summaries/${args.year}/${scopeKey(args.scope)}${args.lang === 'en' && args.format !== 'json' ? '.en' : ''}.${args.format}`, args.url);
  if (args.asOf !== undefined) url.searchParams.set('asOf', args.asOf);
  const response = await fetch(url, { headers: { authorization: `Bearer ${args.key}` } });
  if (!response.ok) throw new Error(`GET ${url.pathname} answered ${response.status}: ${await response.text()}`);
  return Buffer.from(await response.arrayBuffer());
}

async function generateLocally(args: SummaryArgs, env: Record<string, string | undefined>, deps: SummaryCommandDeps): Promise<Buffer> {
  const access = await (deps.openQuery ?? openReadModels)(env);
  const printer = createPdfPrinter();
  try {
    const store = createSummaryStore({
      dataDir: env.REDSTREAM_DATA_DIR ?? './data',
      query: access.query,
      printer,
      ...(access.log ? { log: access.log } : {}),
      ...(access.readModelsAt ? { readModelsAt: access.readModelsAt } : {}),
      ...(deps.now ? { clock: deps.now } : {}),
    });
    if (args.asOf !== undefined) return (await store.asOf({ year: args.year, scope: args.scope, format: args.format, lang: args.lang, asOf: args.asOf })).body;
    // The command is asked for a fresh answer: regenerate (and store) rather than serve a cached file.
    const file = await store.get({ year: args.year, scope: args.scope, format: args.format, lang: args.lang, force: true });
    return file.body;
  } finally {
    await printer.close();
    await access.close();
  }
}

/** The default read-model access: ClickHouse (embedded chDB under the data directory, or CLICKHOUSE_URL). */
async function openReadModels(env: Record<string, string | undefined>): Promise<QueryAccess> {
  const { openReadModelsForCli } = await import('./read-models.ts');
  return openReadModelsForCli(env);
}
