import { Gauge, type Registry } from 'prom-client';
import type { Projector, ProjectorStatus } from './projector.ts';

/** Lag figures for GraphQL (`projectorLag`) and logs: plain numbers from `projector.status()`. */
export function projectorLag(status: ProjectorStatus) {
  return {
    projection: status.projection,
    state: status.state,
    checkpoint: status.checkpoint.toString(),
    head: status.head.toString(),
    positionsBehind: Number(status.lag),
    eventsPerSecond: Math.round(status.eventsPerSecond),
    lastBatchAt: status.lastBatchAt?.toISOString() ?? null,
  };
}

/**
 * Registers the projector's gauges on a prom-client registry (the service's /metrics). Values are
 * read from `status()` at scrape time, so nothing has to push them.
 */
export function registerProjectorMetrics(projector: Projector, registry: Registry): void {
  const labels = () => ({ projection: projector.status().projection });
  const gauge = (name: string, help: string, value: (s: ProjectorStatus) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['projection'],
      registers: [registry],
      collect() {
        this.set(labels(), value(projector.status()));
      },
    });
  gauge('redstream_projector_checkpoint_position', 'Last log position applied to ClickHouse', (s) => Number(s.checkpoint));
  gauge('redstream_projector_head_position', 'Newest log position seen', (s) => Number(s.head));
  gauge('redstream_projector_lag_positions', 'Log positions behind the head (events, on the embedded store)', (s) => Number(s.lag));
  gauge('redstream_projector_events_per_second', 'Events applied per second over the last 10 s', (s) => s.eventsPerSecond);
  gauge('redstream_projector_events_applied', 'Events applied since start', (s) => s.eventsApplied);
  gauge('redstream_projector_live', '1 when caught up and following the log live', (s) => (s.state === 'live' ? 1 : 0));
}
