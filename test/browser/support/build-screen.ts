import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const SCREEN = fileURLToPath(new URL('../../../services/screen/', import.meta.url));

const newest = (dir: string): number =>
  Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));

/** Builds the page (`vite build` in services/screen) when dist is missing or older than its sources. */
export async function ensureScreenBuilt(): Promise<void> {
  const index = join(SCREEN, 'dist', 'index.html');
  const sources = Math.max(newest(join(SCREEN, 'web')), statSync(join(SCREEN, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  await build({ root: join(SCREEN, 'web'), configFile: join(SCREEN, 'vite.config.ts'), logLevel: 'warn' });
}
