import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { projectorHealth, projectorLag, registerProjectorMetrics } from './metrics.ts';
import type { Projector, ProjectorStatus } from './projector.ts';

const status: ProjectorStatus = {
  projection: 'main',
  state: 'catching-up',
  checkpoint: 900n,
  head: 1000n,
  lag: 100n,
  lagSeconds: 12.5,
  eventsPerSecond: 1234.4,
  eventsApplied: 900,
  batchesApplied: 3,
  lastBatchAt: new Date('2025-06-18T00:00:00Z'),
  lastError: undefined,
  fault: undefined,
  skipped: 0,
};
const projector = { status: () => status } as Projector;

describe('projector lag', () => {
  it('is exposed as prom-client gauges read at scrape time', async () => {
    const registry = new Registry();
    registerProjectorMetrics(projector, registry);
    const text = await registry.metrics();
    expect(text).toContain('redstream_projector_lag_positions{projection="main"} 100');
    expect(text).toContain('redstream_projector_checkpoint_position{projection="main"} 900');
    expect(text).toContain('redstream_projector_events_per_second{projection="main"} 1234.4');
    expect(text).toContain('redstream_projector_live{projection="main"} 0');
    expect(text).toContain('redstream_projector_lag_seconds{projection="main"} 12.5');
    expect(text).toContain('redstream_projector_state{projection="main",state="catching-up"} 1');
    expect(text).toContain('redstream_projector_state{projection="main",state="faulted"} 0');
    expect(text).toContain('redstream_projector_faulted{projection="main"} 0');
  });

  it('names the event a faulted projection stopped at, and says the projection is degraded', async () => {
    const faulted: ProjectorStatus = { ...status, state: 'faulted', fault: { projection: 'main', position: 901n, eventId: 'e-901', eventType: 'SaleRecorded', error: 'boom', failedAt: new Date() }, skipped: 2 };
    const registry = new Registry();
    registerProjectorMetrics({ status: () => faulted } as Projector, registry);
    const text = await registry.metrics();
    expect(text).toContain('redstream_projector_faulted{projection="main"} 1');
    expect(text).toContain('redstream_projector_fault_info{projection="main",position="901",event_type="SaleRecorded",event_id="e-901"} 1');
    expect(text).toContain('redstream_projector_skipped_events{projection="main"} 2');
    expect(projectorHealth(faulted)).toEqual({ state: 'degraded', detail: 'projection main is stopped at event 901 (SaleRecorded e-901): boom — redstream projections retry | skip --position 901 --reason …' });
    expect(projectorHealth(status)).toBe(true);
  });

  it('is plain JSON for GraphQL', () => {
    expect(projectorLag(status)).toEqual({ projection: 'main', state: 'catching-up', checkpoint: '900', head: '1000', positionsBehind: 100, eventsPerSecond: 1234, lastBatchAt: '2025-06-18T00:00:00.000Z' });
  });
});
