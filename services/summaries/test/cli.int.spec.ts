import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedEventStore } from '@redstream/event-store';
import { writeToStore } from '@redstream/simulator';
import { describe, expect, it } from 'vitest';
import { runSummaryCommand } from '../src/index.ts';
import { dataset, LANSHAN } from './dataset.ts';
import { expectedFigures, money } from './expected.ts';

/**
 * `redstream summary` on the embedded stores of a data directory, as an operator runs it: facts in
 * the event store only, read models not yet projected — the command catches them up itself.
 */
describe('runSummaryCommand on a data directory', () => {
  it('projects the stored facts and writes the year’s figures', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'redstream-summaries-cli-'));
    const facts = dataset();
    const store = await openEmbeddedEventStore({ dir: join(dataDir, 'eventstore') });
    await writeToStore(store, facts);
    await store.close();

    const out = join(dataDir, 'lanshan-2025.json');
    const { args } = await runSummaryCommand(['--year', '2025', '--region', LANSHAN, '--format', 'json', '--out', out], { env: { REDSTREAM_DATA_DIR: dataDir } });
    expect(args).toMatchObject({ year: 2025, scope: { kind: 'region', regionCode: LANSHAN }, format: 'json', lang: 'zh-CN' });
    const json = JSON.parse(readFileSync(out, 'utf8'));
    const e = expectedFigures(facts, 2025, LANSHAN);
    expect(json.sales.current).toMatchObject({ orders: e.orders, gmv: money(e.gmv), netSales: money(e.netSales) });
    expect(json.sales.gmvYoY).toBe(e.gmvYoY);
    expect(json.farmerIncome).toMatchObject({ income: money(e.farmerIncome), households: e.households });
    // Stored where the routes and the schedule keep summaries, too.
    expect(JSON.parse(readFileSync(join(dataDir, 'summaries', '2025', `${LANSHAN}.json`), 'utf8')).sales.current.gmv).toBe(money(e.gmv));
  });
});
