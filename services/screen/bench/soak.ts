import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { shanghaiDate as day } from '@redstream/schema';
import { generateRegion, postToApi } from '@redstream/simulator';
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium } from '@redstream/service-kit';
import { driveLoad, numberArg } from './load.ts';
import { startPlatformProcess } from './platform-process.ts';

export interface SoakOptions {
  /** Total minutes of load (default 10); the baseline is taken after the first minute. */
  minutes?: number;
  /** Facts per second (default 50). */
  rate?: number;
  /** Largest allowed growth of the JS heap from the first minute to the end (default 0.2). */
  maxGrowth?: number;
}

interface Sample {
  minute: number;
  heapUsedMb: number;
  nodes: number;
  listeners: number;
  gmv: string;
}

export interface SoakFigures {
  minutes: number;
  rate: number;
  factsAccepted: number;
  samples: Sample[];
  baselineHeapMb: number;
  endHeapMb: number;
  growth: number;
  passed: boolean;
}

const ADMIN_KEY = 'admin-key-screen-soak-0123456789';
const SCREEN_KEY = 'screen-key-screen-soak-0123456789';
const log = (text: string) => process.stderr.write(`${text}\n`);
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 100) / 100;

/**
 * The page's JS heap after a full garbage collection (the lowest of three readings 1 s apart, so a
 * payload being parsed or a chart animation in flight does not count), its DOM nodes and listeners.
 */
async function measure(cdp: CDPSession, page: Page, minute: number): Promise<Sample> {
  let used = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    if (i) await new Promise((r) => setTimeout(r, 1000));
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    used = Math.min(used, (await cdp.send('Runtime.getHeapUsage')).usedSize);
  }
  const heap = { usedSize: used };
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return { minute, heapUsedMb: mb(heap.usedSize), nodes: metric('Nodes'), listeners: metric('JSEventListeners'), gmv: (await page.textContent('#gmv')) ?? '' };
}

/**
 * The big screen under live load: the all-in-one process on embedded stores, one Chromium page at
 * /screen, `rate` facts/s for `minutes`; the page's JS heap (after forced GC) at the end must stay
 * within `maxGrowth` of the heap after the first minute.
 */
export async function soak(options: SoakOptions = {}): Promise<SoakFigures> {
  const minutes = options.minutes ?? 10;
  const rate = options.rate ?? 50;
  const maxGrowth = options.maxGrowth ?? 0.2;
  const dataDir = mkdtempSync(join(tmpdir(), 'redstream-soak-'));
  const server = await startPlatformProcess({ dataDir, port: 0, adminKey: ADMIN_KEY, screenKey: SCREEN_KEY, screenScope: 'region:371302' });
  const browser = await launchChromium();
  try {
    const now = Date.now();
    const region = generateRegion({ seed: 50, from: day(now - 3 * 86_400_000), to: day(now), scale: 0.001 });
    const seeded = await postToApi(server.url, ADMIN_KEY, region, { batchSize: 1000 });
    log(`seeded ${seeded.accepted} facts; ${minutes} min at ${rate} facts/s`);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => void errors.push(String(err)));
    await page.goto(`${server.url}/screen?key=${SCREEN_KEY}`);
    await page.waitForSelector('#link[data-state="live"]', { timeout: 60_000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    const samples: Sample[] = [];
    const started = performance.now();
    let nextMinute = 1;
    let sampling: Promise<void> = Promise.resolve();
    const load = await driveLoad({
      url: server.url,
      key: ADMIN_KEY,
      region: region.state,
      rate,
      seconds: minutes * 60,
      onTick: (r) => {
        if (performance.now() - started < nextMinute * 60_000) return;
        const minute = nextMinute++;
        sampling = sampling.then(async () => {
          const s = await measure(cdp, page, minute);
          samples.push(s);
          log(`  minute ${minute}: heap ${s.heapUsedMb} MB, ${s.nodes} nodes, ${s.listeners} listeners, GMV ${s.gmv}, ${r.accepted} facts accepted`);
        });
      },
    });
    await sampling;
    const end = await measure(cdp, page, Math.round(((performance.now() - started) / 60_000) * 10) / 10);
    samples.push(end);
    if (errors.length) log(`page errors: ${errors.slice(0, 5).join(' | ')}`);
    const baseline = samples[0]!;
    const growth = Math.round(((end.heapUsedMb - baseline.heapUsedMb) / baseline.heapUsedMb) * 1000) / 1000;
    return {
      minutes,
      rate,
      factsAccepted: load.accepted,
      samples,
      baselineHeapMb: baseline.heapUsedMb,
      endHeapMb: end.heapUsedMb,
      growth,
      passed: growth <= maxGrowth && errors.length === 0 && (await page.getAttribute('#link', 'data-state')) === 'live',
    };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await soak({ minutes: numberArg('minutes'), rate: numberArg('rate') });
  console.log(JSON.stringify(figures, null, 2));
  console.log(figures.passed ? `PASS: heap ${figures.baselineHeapMb} → ${figures.endHeapMb} MB (${(figures.growth * 100).toFixed(1)} %)` : `FAIL: heap ${figures.baselineHeapMb} → ${figures.endHeapMb} MB (${(figures.growth * 100).toFixed(1)} %)`);
  process.exit(figures.passed ? 0 : 1);
}
