import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchChromium } from '@redstream/service-kit';
import { afterAll, expect, it } from 'vitest';

/**
 * A newcomer's path, for real: clone the repository as committed, `npm install`, `npm start`,
 * and the platform answers DESIGN.md's queries with demo figures and the big screen shows them. Uses
 * the machine's npm cache, so it needs no network when the cache is warm.
 *
 * The time to ready is printed, not asserted: on 2 shared cores it measured 46–70 s idle and 120 s
 * on a loaded CI machine, and a timed test fails for the machine, not the code. It gives up only
 * when the platform is plainly stuck.
 */
const repo = resolve(import.meta.dirname, '../..');
const artifacts = join(repo, 'test-artifacts');
const GIVE_UP_AFTER_MS = 300_000;

const freePort = () =>
  new Promise<number>((done) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

/** The environment of a fresh shell: none of redstream's own variables set. */
function newcomerEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^(REDSTREAM_|EVENTSTORE_URL|CLICKHOUSE_URL|PORT$|VITEST|NODE_ENV)/.test(name)) delete env[name];
  return env;
}

let child: ChildProcess | undefined;
let clone: string | undefined;
afterAll(() => {
  if (child?.pid) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (clone) rmSync(clone, { recursive: true, force: true });
});

async function graphql(base: string, key: string, query: string) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a GraphQL answer; its fields are asserted one by one
  const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!;
}

it('clean clone → npm install → npm start: ready with demo data on the screen, time to ready printed', async () => {
  clone = mkdtempSync(join(tmpdir(), 'redstream-newcomer-'));
  execFileSync('git', ['clone', '--quiet', repo, clone], { stdio: 'inherit' });
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: clone, stdio: 'inherit', timeout: 600_000 });

  const port = await freePort();
  const base = `http://localhost:${port}`;
  const started = Date.now();
  child = spawn('npm', ['start'], {
    cwd: clone,
    detached: true,
    env: { ...newcomerEnv(), PORT: String(port), NODE_ENV: 'development', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));

  // ready: the addresses are printed, /health is 200 and the demo's sales have reached GraphQL
  let key = '';
  let orders = 0;
  while (Date.now() - started < GIVE_UP_AFTER_MS) {
    await new Promise((r) => setTimeout(r, 1000));
    expect(child.exitCode, `npm start exited:\n${output}`).toBeNull();
    if (!output.includes('redstream is running on')) continue;
    key ||= readFileSync(join(clone, 'data', 'dev-admin-key'), 'utf8').trim();
    const health = await fetch(`${base}/health`).catch(() => undefined);
    if (health?.status !== 200) continue;
    const data = await graphql(base, key, '{ salesSummary { orders } lag: projectionLag { caughtUp } }').catch(() => undefined);
    orders = data?.salesSummary.orders ?? 0;
    if (orders > 0 && data?.lag.caughtUp) break;
  }
  const readyMs = Date.now() - started;
  console.log(`newcomer: ready in ${(readyMs / 1000).toFixed(1)} s`);
  expect(orders, `no demo orders after ${GIVE_UP_AFTER_MS / 60_000} minutes; output:\n${output}`).toBeGreaterThan(0);

  // DESIGN.md's queries answer with non-zero figures
  const lastYear = new Date().getFullYear() - 1;
  const data = await graphql(
    base,
    key,
    `{
      salesSummary(filter: { regionCode: "371302" }) { orders gmv refunds netSales averageOrderValue streamers }
      salesSeries(granularity: MONTH) { bucket orders gmv netSales }
      topStreamers(limit: 5) { streamerId displayName gmv orders }
      farmerIncome { income households byVillage { villageCode income households } }
      annualSummary(year: ${lastYear}, regionCode: "371302") { gmv orders netSales farmerIncome households branchesFounded streamersTrained parcelSavings htmlUrl pdfUrl }
    }`,
  );
  expect(data.salesSummary.orders).toBeGreaterThan(0);
  expect(Number(data.salesSummary.gmv)).toBeGreaterThan(0);
  expect(data.salesSeries.length).toBeGreaterThan(1);
  expect(data.topStreamers).toHaveLength(5);
  expect(Number(data.farmerIncome.income)).toBeGreaterThan(0);
  expect(data.farmerIncome.households).toBeGreaterThan(0);
  expect(data.annualSummary.orders).toBeGreaterThan(0);
  expect(data.annualSummary.streamersTrained).toBeGreaterThan(0);

  // the big screen shows the demo's figures
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${base}/screen?key=${encodeURIComponent(key)}`);
    await page.waitForSelector('#link[data-state="live"]', { timeout: 30_000 });
    // the year's figures come from the demo history; today's sales from the live stream
    await page.waitForFunction(
      () => ['#branches', '#parcel-savings', '#gmv'].every((id) => /[1-9]/.test(document.querySelector(id)?.textContent ?? '')),
      null,
      { timeout: 30_000 },
    );
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'newcomer-screen.png') });
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}, 900_000);
