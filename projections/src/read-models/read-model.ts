import type { DomainEvent } from '@redstream/schema';
import type { ProjectionState } from '../model/state.ts';

/** A decoded event with its identity in the log. */
export interface ProjectedEvent {
  event: DomainEvent;
  eventId: string;
  /** Global log position as a decimal string (UInt64 in ClickHouse; never rounded through a double). */
  position: string;
}

export type Row = Record<string, unknown>;

/** Where a read model puts the rows one event produces. */
export interface Output {
  row(table: string, row: Row): void;
  /** Adds `measures` to the summed row of `table` identified by `key` (batch-local pre-aggregation). */
  sum(table: string, key: string, dims: () => Row, measures: Record<string, number>): void;
}

/**
 * One read model: the tables it owns and how an event becomes rows in them. `project` is pure
 * given the state (it sees the state as it was before the event) — the state itself is evolved by
 * `evolveState` after every read model has seen the event.
 */
export interface ReadModel {
  name: string;
  tables: readonly string[];
  project(e: ProjectedEvent, state: ProjectionState, out: Output): void;
}

/** Collects rows per table for one batch; summed rows are pre-aggregated by key. */
export class BatchRows implements Output {
  readonly rows = new Map<string, Row[]>();
  private readonly sums = new Map<string, Map<string, Row>>();

  row(table: string, row: Row): void {
    let list = this.rows.get(table);
    if (!list) this.rows.set(table, (list = []));
    list.push(row);
  }

  sum(table: string, key: string, dims: () => Row, measures: Record<string, number>): void {
    let byKey = this.sums.get(table);
    if (!byKey) this.sums.set(table, (byKey = new Map()));
    const existing = byKey.get(key);
    if (existing === undefined) {
      const row = dims();
      for (const m in measures) row[m] = measures[m];
      byKey.set(key, row);
      return;
    }
    for (const m in measures) existing[m] = (existing[m] as number) + measures[m]!;
  }

  /** All rows by table, in a deterministic order (insertion order of events and keys). */
  tables(): Map<string, Row[]> {
    const all = new Map(this.rows);
    for (const [table, byKey] of this.sums) all.set(table, [...(all.get(table) ?? []), ...byKey.values()]);
    return all;
  }
}
