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
}

/**
 * A table ClickHouse computes from fact rows the projector has written, once a batch's facts are
 * in: an INSERT … SELECT over the batch's log positions (the dashboard rollups).
 */
export interface DerivedTable {
  table: string;
  /** The fact tables it reads (logical names). */
  sources: readonly string[];
  /**
   * The INSERT … SELECT of what the facts at positions (from, to] add; `name` maps a logical table
   * to the physical one; `holds` says whether a source may hold facts in that range (false: the
   * batch wrote none there, so its part of the SELECT can be left out). Default: every source may.
   */
  insert(from: bigint, to: bigint, name: (table: string) => string, holds?: (table: string) => boolean): string;
  /** A statement that fills this table together with others in one (live tables only). */
  feed?: RollupFeed;
}

/**
 * One INSERT that fills several derived tables at once, through materialized views on a Null
 * table (`table`): used instead of the targets' own statements when a batch writes the live
 * tables and derives every one of `targets`.
 */
export interface RollupFeed {
  table: string;
  targets: readonly string[];
  /** The INSERT … SELECT of what the facts at positions (from, to] add, into `table` (live tables). */
  insert(from: bigint, to: bigint): string;
}

/**
 * One read model: the tables it owns and how they are filled — by `project`, which turns an event
 * into rows, or as `derived` tables computed by ClickHouse from other read models' facts.
 * `project` is pure given the state (it sees the state as it was before the event) — the state
 * itself is evolved by `evolveState` after every read model has seen the event.
 */
export interface ReadModel {
  name: string;
  tables: readonly string[];
  project?(e: ProjectedEvent, state: ProjectionState, out: Output): void;
  derived?: readonly DerivedTable[];
}

/** Collects rows per table for one batch, in event order. */
export class BatchRows implements Output {
  readonly rows = new Map<string, Row[]>();

  row(table: string, row: Row): void {
    let list = this.rows.get(table);
    if (!list) this.rows.set(table, (list = []));
    list.push(row);
  }
}
