import { Gauge, type Registry } from 'prom-client';
import type { Projector, ProjectorState, ProjectorStatus } from './projector.ts';

const STATES: readonly ProjectorState[] = ['starting', 'catching-up', 'live', 'rebuilding', 'paused', 'stopped', 'failed', 'faulted'];

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
  gauge('redstream_projector_lag_seconds', 'Seconds since the projection last stood at the head of the log', (s) => s.lagSeconds);
  gauge('redstream_projector_faulted', '1 while stopped at an event it cannot apply (see redstream_projector_fault_info)', (s) => (s.fault ? 1 : 0));
  gauge('redstream_projector_skipped_events', 'Events skipped by an operator (redstream projections skip), ever', (s) => s.skipped);
  new Gauge({
    name: 'redstream_projector_state',
    help: 'The projection state: 1 for the current one',
    labelNames: ['projection', 'state'],
    registers: [registry],
    collect() {
      const s = projector.status();
      for (const state of STATES) this.set({ projection: s.projection, state }, s.state === state ? 1 : 0);
    },
  });
  new Gauge({
    name: 'redstream_projector_fault_info',
    help: 'The event a faulted projection is stopped at (position, type, id); its error is in /health and GraphQL projections',
    labelNames: ['projection', 'position', 'event_type', 'event_id'],
    registers: [registry],
    collect() {
      this.reset();
      const f = projector.status().fault;
      if (f) this.set({ projection: f.projection, position: f.position.toString(), event_type: f.eventType, event_id: f.eventId }, 1);
    },
  });
}

/**
 * The projector's /health check: ok while it runs; degraded (the process still serves, its read
 * models stand still) naming the event a faulted projection is stopped at and what to do.
 */
export function projectorHealth(s: ProjectorStatus): true | false | { state: 'degraded'; detail: string } {
  if (s.fault) return { state: 'degraded', detail: `projection ${s.projection} is stopped at event ${s.fault.position} (${s.fault.eventType} ${s.fault.eventId}): ${s.fault.error} — redstream projections retry | skip --position ${s.fault.position} --reason …` };
  return ['catching-up', 'live', 'rebuilding'].includes(s.state);
}
