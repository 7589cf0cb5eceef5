import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { shanghaiDate as day } from '@redstream/schema';
import { generateRegion, postToApi } from '@redstream/simulator';
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium } from '@redstream/service-kit';
import { driveLoad, numberArg } from './load.ts';
import { startPlatformProcess } from './platform-process.ts';
import { pageMemory } from './page-memory.ts';

export interface SoakOptions {
  /** Total minutes of load (default 60). */
  minutes?: number;
  /** Facts per second (default 200). */
  rate?: number;
  /** The hall's playlist turns a page this often (default 10 s): four pages, two scopes. */
  rotateSeconds?: number;
  /** A sample this often (default 60 s). */
  sampleSeconds?: number;
  /** Flat means: the last third's mean heap, DOM nodes and listeners within this of the middle third's (default 0.1). */
  maxDrift?: number;
}

interface Sample {
  minute: number;
  /** Facts the write API had accepted when the sample was taken. */
  accepted: number;
  heapUsedMb: number;
  nodes: number;
  listeners: number;
  gmv: string;
}

export interface SoakFigures {
  minutes: number;
  rate: number;
  rotateSeconds: number;
  factsAccepted: number;
  pageTurns: number;
  watchdogReloads: number;
  samples: Sample[];
  baselineHeapMb: number;
  endHeapMb: number;
  growth: number;
  /** Last third's mean over the middle third's, minus one, for each measure. */
  drift: { heap: number; nodes: number; listeners: number };
  /** The longest run of consecutive samples showing the same GMV while facts kept arriving. */
  frozenSamples: number;
  passed: boolean;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
/**
 * The longest run of consecutive samples whose figure did not change although more facts had been
 * accepted: a page that stays flat in memory but stopped updating is as broken as a white one (the
 * first 60-minute run at load 60–90 showed one figure for twenty samples).
 */
export function longestFrozenRun(samples: readonly { gmv: string; accepted: number }[]): number {
  let longest = 0;
  let run = 0;
  for (let i = 1; i < samples.length; i++) {
    const frozen = samples[i]!.gmv === samples[i - 1]!.gmv && samples[i]!.accepted > samples[i - 1]!.accepted;
    run = frozen ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** (mean of the last third) / (mean of the middle third) − 1, rounded to 0.1 %. */
export function thirdsDrift(values: readonly number[]): number {
  const n = values.length;
  const middle = values.slice(Math.floor(n / 3), Math.floor((2 * n) / 3));
  const last = values.slice(Math.floor((2 * n) / 3));
  if (!middle.length || !last.length) return Number.NaN;
  return Math.round((mean(last) / mean(middle) - 1) * 1000) / 1000;
}

const ADMIN_KEY = 'admin-key-screen-soak-0123456789';
const SCREEN_KEY = 'screen-key-screen-soak-0123456789';
const log = (text: string) => process.stderr.write(`${text}\n`);
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 100) / 100;

/** The page's memory (see pageMemory) and the figure it shows, at `minute`. */
async function measure(cdp: CDPSession, page: Page, minute: number, accepted: number): Promise<Sample> {
  const { used, nodes, listeners } = await pageMemory(cdp);
  return { minute, accepted, heapUsedMb: mb(used), nodes, listeners, gmv: (await page.textContent('#gmv')) ?? '' };
}

/**
 * The big screen as a hall runs it, accelerated: the all-in-one process on embedded stores, one
 * Chromium page at a hall's playlist (`/screen/playlist/soak`: the region's overview, a park's,
 * farm sales, the ranking, a page every `rotateSeconds`, so the subscription changes scope too),
 * `rate` facts/s for `minutes`. Passes when the JS heap (after forced GC), DOM nodes and listeners
 * are flat — the last third's mean within `maxDrift` of the middle third's — with no page error,
 * no watchdog reload, and the link live at the end.
 */
export async function soak(options: SoakOptions = {}): Promise<SoakFigures> {
  const minutes = options.minutes ?? 60;
  const rate = options.rate ?? 200;
  const rotateSeconds = options.rotateSeconds ?? 10;
  const sampleMs = (options.sampleSeconds ?? 60) * 1000;
  const maxDrift = options.maxDrift ?? 0.1;
  const dataDir = mkdtempSync(join(tmpdir(), 'redstream-soak-'));
  const now = Date.now();
  const region = generateRegion({ seed: 50, from: day(now - 3 * 86_400_000), to: day(now), scale: 0.001 });
  const park = region.state.parks[0]?.id;
  const hallsFile = join(dataDir, 'halls.json');
  const pages = [
    { kind: 'overview', seconds: rotateSeconds },
    ...(park ? [{ kind: 'overview', scope: `park:${park}`, seconds: rotateSeconds }] : []),
    { kind: 'farm', seconds: rotateSeconds },
    { kind: 'ranking', seconds: rotateSeconds },
  ];
  writeFileSync(hallsFile, JSON.stringify({ halls: { soak: { title: '浸泡测试', scope: 'region:371302', pages } } }));
  const server = await startPlatformProcess({ dataDir, port: 0, adminKey: ADMIN_KEY, screenKey: SCREEN_KEY, screenScope: 'region:371302', hallsFile });
  const browser = await launchChromium();
  try {
    const seeded = await postToApi(server.url, ADMIN_KEY, region, { batchSize: 1000 });
    log(`seeded ${seeded.accepted} facts; ${minutes} min at ${rate} facts/s, a page every ${rotateSeconds} s`);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    let watchdogReloads = 0;
    let pageTurns = 0;
    page.on('pageerror', (err) => void errors.push(String(err)));
    page.on('console', (msg) => void (/watchdog: reloading now/.test(msg.text()) && watchdogReloads++));
    await page.exposeFunction('soakPageTurned', () => void pageTurns++);
    await page.goto(`${server.url}/screen/playlist/soak?key=${SCREEN_KEY}`);
    await page.waitForSelector('#link[data-state="live"]', { timeout: 60_000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    // Counts page turns from inside the page (one observer, made once: it is part of what is measured).
    await page.evaluate(() => {
      const turned = (window as unknown as { soakPageTurned: () => void }).soakPageTurned;
      new MutationObserver(() => turned()).observe(document.getElementById('stage')!, { attributes: true, attributeFilter: ['data-page'] });
    });

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
        if (performance.now() - started < nextMinute * sampleMs) return;
        const minute = Math.round(((nextMinute++ * sampleMs) / 60_000) * 100) / 100;
        sampling = sampling.then(async () => {
          const s = await measure(cdp, page, minute, r.accepted);
          samples.push(s);
          log(`  minute ${minute}: heap ${s.heapUsedMb} MB, ${s.nodes} nodes, ${s.listeners} listeners, GMV ${s.gmv}, ${r.accepted} facts accepted, ${pageTurns} page turns`);
        });
      },
    });
    await sampling;
    const end = await measure(cdp, page, Math.round(((performance.now() - started) / 60_000) * 10) / 10, load.accepted);
    samples.push(end);
    if (errors.length) log(`page errors: ${errors.slice(0, 5).join(' | ')}`);
    const baseline = samples[0]!;
    const growth = Math.round(((end.heapUsedMb - baseline.heapUsedMb) / baseline.heapUsedMb) * 1000) / 1000;
    const drift = { heap: thirdsDrift(samples.map((s) => s.heapUsedMb)), nodes: thirdsDrift(samples.map((s) => s.nodes)), listeners: thirdsDrift(samples.map((s) => s.listeners)) };
    const flat = Object.values(drift).every((d) => d <= maxDrift);
    // Two equal samples in a row can be chance (the same page, no sale in its scope between); three cannot at these rates.
    const frozenSamples = longestFrozenRun(samples);
    return {
      minutes,
      rate,
      rotateSeconds,
      factsAccepted: load.accepted,
      pageTurns,
      watchdogReloads,
      samples,
      baselineHeapMb: baseline.heapUsedMb,
      endHeapMb: end.heapUsedMb,
      growth,
      drift,
      frozenSamples,
      passed: flat && frozenSamples < 3 && watchdogReloads === 0 && errors.length === 0 && (await page.getAttribute('#link', 'data-state')) === 'live',
    };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await soak({ minutes: numberArg('minutes'), rate: numberArg('rate'), rotateSeconds: numberArg('rotate'), sampleSeconds: numberArg('sample-seconds') });
  console.log(JSON.stringify(figures, null, 2));
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  console.log(
    `${figures.passed ? 'PASS' : 'FAIL'}: last third vs middle third — heap ${pct(figures.drift.heap)}, DOM nodes ${pct(figures.drift.nodes)}, listeners ${pct(figures.drift.listeners)}; heap ${figures.baselineHeapMb} → ${figures.endHeapMb} MB; ${figures.factsAccepted} facts, ${figures.pageTurns} page turns, ${figures.watchdogReloads} watchdog reloads; the figure shown stood still for ${figures.frozenSamples} samples in a row while facts arrived (3 or more fails)`,
  );
  process.exit(figures.passed ? 0 : 1);
}
