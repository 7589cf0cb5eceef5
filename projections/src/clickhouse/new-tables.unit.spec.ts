import { describe, expect, it } from 'vitest';
import { readMigrations } from './migrate.ts';
import { readModelsCreatedBy } from './new-tables.ts';

describe('readModelsCreatedBy', () => {
  it('names the read models whose tables a migration creates', () => {
    const names = readMigrations().map((m) => m.name);
    const coarse = names.find((n) => n.includes('coarse'))!;
    expect(readModelsCreatedBy([coarse]).map((m) => m.name)).toEqual(['sales-coarse-rollups']);
    expect(readModelsCreatedBy(names).length).toBeGreaterThan(5);
    expect(readModelsCreatedBy([])).toEqual([]);
  });
});
