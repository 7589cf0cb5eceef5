import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { DEFAULT_DIST_DIR } from '@redstream/screen';

/**
 * The big screen is a Vite build. A fresh clone has none yet, so the first start builds it
 * (about ten seconds); later starts find it. `npm run build` rebuilds it after a change.
 */
export function ensureScreenBuilt(log: FastifyBaseLogger): void {
  if (existsSync(join(DEFAULT_DIST_DIR, 'index.html'))) return;
  const screenDir = join(dirname(createRequire(import.meta.url).resolve('@redstream/screen')), '..');
  log.info('building the big screen (first start only)');
  const vite = join(dirname(createRequire(join(screenDir, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: screenDir, stdio: 'inherit' });
}
