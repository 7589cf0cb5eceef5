import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { screenBuildIsStale } from './build.ts';

describe('screenBuildIsStale', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** A screen package on disk: sources and (optionally) a build, each file at the given second. */
  function screen(files: Record<string, number>): string {
    const dir = mkdtempSync(join(tmpdir(), 'redstream-screen-build-'));
    dirs.push(dir);
    for (const [path, at] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), '');
      utimesSync(join(dir, path), at, at);
    }
    return dir;
  }

  it('is stale without a build, fresh after one, and stale again once a source changes', () => {
    expect(screenBuildIsStale(screen({ 'web/main.ts': 100, 'web/deep/x.css': 100, 'vite.config.ts': 100 }))).toBe(true);
    expect(screenBuildIsStale(screen({ 'web/main.ts': 100, 'web/deep/x.css': 100, 'vite.config.ts': 100, 'dist/index.html': 200 }))).toBe(false);
    expect(screenBuildIsStale(screen({ 'web/main.ts': 100, 'web/deep/x.css': 300, 'vite.config.ts': 100, 'dist/index.html': 200 }))).toBe(true);
    expect(screenBuildIsStale(screen({ 'web/main.ts': 100, 'vite.config.ts': 300, 'dist/index.html': 200 }))).toBe(true);
  });
});
