import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFault, skipEvent } from '@redstream/projections';
import { startHarness, type Harness } from './harness.ts';

const QUERY = `{ projections { projections { name state position eventsBehind fault { position eventId eventType error } }
  skippedEvents { projection position eventId eventType reason error } } }`;

/** GraphQL `projections`: what ClickHouse holds about the projections (any instance answers), admin keys only. */
describe('projections, for operators', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness([]);
    const checkpoint = (seq: number, position: number) => ({ projection_name: 'main', seq, position, pending_to: 0, updated_at: new Date().toISOString() });
    await h.clickhouse.insert({ table: 'projector_checkpoints', values: [checkpoint(1, 41)], format: 'JSONEachRow' });
    await recordFault(h.clickhouse, { projection: 'main', position: 42n, eventId: 'e-42', eventType: 'SaleRefunded', error: 'refund of an unknown order', failedAt: new Date() });
  }, 60_000);
  afterAll(async () => h?.close());

  it('shows a faulted projection with its event and error, then the skip, forever', async () => {
    const faulted = await h.gql(QUERY);
    expect(faulted.body.errors).toBeUndefined();
    expect(faulted.body.data.projections.projections).toEqual([
      { name: 'main', state: 'FAULTED', position: '41', eventsBehind: expect.any(String), fault: { position: '42', eventId: 'e-42', eventType: 'SaleRefunded', error: 'refund of an unknown order' } },
    ]);

    await skipEvent(h.clickhouse, { position: 42n, reason: 'refund imported twice', checkpoint: 41n });
    await h.clickhouse.insert({ table: 'projector_checkpoints', values: [{ projection_name: 'main', seq: 2, position: 50, pending_to: 0, updated_at: new Date().toISOString() }], format: 'JSONEachRow' });
    const after = await h.gql(QUERY);
    expect(after.body.data.projections.projections[0]).toMatchObject({ name: 'main', state: 'LIVE', position: '50', fault: null });
    expect(after.body.data.projections.skippedEvents).toEqual([
      { projection: 'main', position: '42', eventId: 'e-42', eventType: 'SaleRefunded', reason: 'refund imported twice', error: 'refund of an unknown order' },
    ]);
  });

  it('names the read models each checkpoint stands for: all for main, the rebuilt ones for a rebuild run', async () => {
    await h.clickhouse.insert({ table: 'projector_checkpoints', values: [{ projection_name: 'rebuild-x1:farmer-payments', seq: 1, position: 7, pending_to: 0, updated_at: new Date().toISOString() }], format: 'JSONEachRow' });
    const res = await h.gql('{ projections { projections { name state readModels } } }');
    const byName = new Map((res.body.data.projections.projections as { name: string; state: string; readModels: string[] }[]).map((p) => [p.name, p]));
    expect(byName.get('main')!.readModels).toEqual(expect.arrayContaining(['farmer-payments', 'sales-rollups']));
    expect(byName.get('rebuild-x1:farmer-payments')).toEqual({ name: 'rebuild-x1:farmer-payments', state: 'REBUILDING', readModels: ['farmer-payments'] });
  });

  it('does not list an as-of replay, running or left behind by a process killed mid-replay', async () => {
    await h.clickhouse.insert({ table: 'projector_checkpoints', values: [{ projection_name: 'asof-5_dead', seq: 1, position: 3, pending_to: 0, updated_at: new Date().toISOString() }], format: 'JSONEachRow' });
    const res = await h.gql('{ projections { projections { name state } } }');
    const names = (res.body.data.projections.projections as { name: string }[]).map((p) => p.name);
    expect(names).toContain('main');
    expect(names.filter((n) => n.startsWith('asof-'))).toEqual([]);
  });

  it('is refused to analysts and screens', async () => {
    const refused = await h.gql(QUERY, undefined, 'analyst');
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
