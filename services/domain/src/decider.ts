import type { DomainEvent, EventType } from '@redstream/schema';

/**
 * A decider holds one aggregate's business rules as two pure functions: `decide` turns a command
 * and the current state into the events to record (or throws a DomainRuleViolation), `evolve`
 * folds a recorded event into the state. No I/O and no clock: everything arrives as arguments.
 */
export interface Decider<Command, State, Event extends DomainEvent = DomainEvent> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** Every command carries the time the writer accepted it, so rules about "the future" stay pure. */
export interface CommandMetadata {
  now: Date;
}

/** The recorded fact a command asks for: `RegisterPark` → `ParkRegistered` with the same data. */
export type FactEvent<T extends EventType> = Extract<DomainEvent, { type: T }>;

/**
 * A business rule refused the command. `rule` is a stable readable id (`order.refund-exceeds-amount`)
 * that clients can match on; `path` points at the field that broke it (`$.data.amountFen`).
 */
export class DomainRuleViolation extends Error {
  constructor(
    readonly rule: string,
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainRuleViolation';
  }
}

export const violation = (rule: string, path: string, message: string): never => {
  throw new DomainRuleViolation(rule, path, message);
};
