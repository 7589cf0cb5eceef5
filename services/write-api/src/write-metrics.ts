import type { Registry } from 'prom-client';
import { counter } from '@redstream/service-kit';
import type { FactOutcome } from './fact-writer.ts';

/** Facts by outcome and route, so a dashboard shows accept/reject rates and replays. */
export class WriteMetrics {
  private readonly facts;

  constructor(registry: Registry) {
    this.facts = counter(registry, 'redstream_write_facts_total', 'Facts received by the write API, by outcome', ['route', 'outcome']);
  }

  count(outcomes: readonly FactOutcome[], route: 'events' | 'import'): void {
    let appended = 0;
    let stored = 0;
    let rejected = 0;
    for (const o of outcomes) {
      if (o.status === 'rejected') rejected++;
      else if (o.appended) appended++;
      else stored++;
    }
    if (appended) this.facts.inc({ route, outcome: 'appended' }, appended);
    if (stored) this.facts.inc({ route, outcome: 'already_stored' }, stored);
    if (rejected) this.facts.inc({ route, outcome: 'rejected' }, rejected);
  }
}
