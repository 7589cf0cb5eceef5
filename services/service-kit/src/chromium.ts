import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { EnvSchema } from './env.ts';
import { withMachineLock } from './machine-lock.ts';

/**
 * Headless Chromium for the PDF printer, the browser tests and the screen benches, from npm:
 * `@sparticuz/chromium` ships a Chromium build inside its tarball whose binary needs only the
 * libraries of a base Debian image, so nothing is installed from outside the npm registry.
 * `REDSTREAM_CHROMIUM_PATH` points at a system browser instead (e.g. `/usr/bin/chromium`).
 */

/**
 * Flags for a machine with a closed network (park halls, intranets, CI): without the
 * background-networking ones Chromium keeps dialling Google's hosts and logs every refusal.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const require = createRequire(import.meta.url);

/**
 * The version of the packaged build, so an extraction left by another version is not reused
 * (its package.json is not exported, so it is found beside the resolved entry point).
 */
function packagedVersion(): string {
  for (let dir = dirname(require.resolve('@sparticuz/chromium')); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version: string };
    if (name === '@sparticuz/chromium') return version;
  }
  throw new Error('@sparticuz/chromium: package.json not found');
}

let resolved: Promise<string> | undefined;

/**
 * Where the browser binary is: `REDSTREAM_CHROMIUM_PATH`, else the packaged build, unpacked once
 * per machine (about 3 s). The package unpacks into a fixed `<tmp>/chromium` and reuses whatever
 * is there, so several test processes starting together could run a half-written binary or one
 * of another version; a lock directory and a per-version marker make exactly one unpack it.
 */
export function chromiumExecutable(env: Record<string, string | undefined> = process.env): Promise<string> {
  const own = EnvSchema.shape.REDSTREAM_CHROMIUM_PATH.parse(env.REDSTREAM_CHROMIUM_PATH);
  if (own) {
    if (!existsSync(own)) return Promise.reject(new Error(`REDSTREAM_CHROMIUM_PATH: no browser at ${own}`));
    return Promise.resolve(own);
  }
  resolved ??= unpackPackaged().catch((error: unknown) => {
    resolved = undefined;
    throw error;
  });
  return resolved;
}

async function unpackPackaged(): Promise<string> {
  const version = packagedVersion();
  const binary = join(tmpdir(), 'chromium');
  const ready = join(tmpdir(), `redstream-chromium-${version}.ready`);
  if (existsSync(ready) && existsSync(binary)) return binary;
  return withMachineLock(join(tmpdir(), 'redstream-chromium.lock'), async () => {
    if (existsSync(ready) && existsSync(binary)) return binary;
    rmSync(binary, { force: true });
    const { default: packaged } = await import('@sparticuz/chromium');
    const path = await packaged.executablePath();
    writeFileSync(ready, `${path}\n`);
    return path;
  });
}

/** A headless Chromium driven by playwright-core; the caller closes it. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    headless: true,
    ...options,
    executablePath: options.executablePath ?? (await chromiumExecutable()),
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}
