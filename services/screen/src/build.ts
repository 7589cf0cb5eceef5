import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withMachineLock } from '@redstream/service-kit';

const SCREEN_DIR = fileURLToPath(new URL('../', import.meta.url));
const distIndex = (dir: string) => join(dir, 'dist', 'index.html');

const newest = (dir: string): number =>
  Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));

/** True when the page has no build yet, or one older than its sources (a `git pull` since). */
export function screenBuildIsStale(dir = SCREEN_DIR): boolean {
  if (!existsSync(distIndex(dir))) return true;
  const sources = Math.max(newest(join(dir, 'web')), statSync(join(dir, 'vite.config.ts')).mtimeMs);
  return statSync(distIndex(dir)).mtimeMs < sources;
}

/**
 * The big screen is a Vite build. A fresh clone has none, and a checkout updated since its last
 * build has a stale one that would serve yesterday's page: either way it is built (about ten
 * seconds) in a child process, so Vite's memory never stays in the platform's. Returns whether
 * it built.
 */
export async function ensureScreenBuilt(onBuild: (reason: string) => void = () => undefined): Promise<boolean> {
  if (!screenBuildIsStale()) return false;
  // Several processes may start at once (test files in parallel); Vite empties dist/ as it builds.
  return withMachineLock(join(tmpdir(), 'redstream-screen-build.lock'), () => {
    if (!screenBuildIsStale()) return false;
    onBuild(existsSync(distIndex(SCREEN_DIR)) ? 'its sources changed since the last build' : 'first start');
    const vite = join(dirname(createRequire(join(SCREEN_DIR, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
    execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: SCREEN_DIR, stdio: 'inherit' });
    return true;
  });
}
