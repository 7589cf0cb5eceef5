import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { projectorLag, registerProjectorMetrics } from './metrics.ts';
import type { Projector, ProjectorStatus } from './projector.ts';

const status: ProjectorStatus = {
  projection: 'main',
  state: 'catching-up',
  checkpoint: 900n,
  head: 1000n,
  lag: 100n,
  eventsPerSecond: 1234.4,
  eventsApplied: 900,
  batchesApplied: 3,
  lastBatchAt: new Date('2025-06-18T00:00:00Z'),
  lastError: undefined,
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
  });

  it('is plain JSON for GraphQL', () => {
    expect(projectorLag(status)).toEqual({ projection: 'main', state: 'catching-up', checkpoint: '900', head: '1000', positionsBehind: 100, eventsPerSecond: 1234, lastBatchAt: '2025-06-18T00:00:00.000Z' });
  });
});
