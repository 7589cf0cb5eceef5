import type { EventData, EventType } from '@redstream/schema';
import { violation, type CommandMetadata, type Decider, type FactEvent } from './decider.ts';

/**
 * Aggregates whose only rule is "the id must be new" (park, committee, branch, station, loan,
 * award) share this shape: one command records one fact, a second one with the same id is refused.
 */
export interface Registered<T extends EventType> {
  registered: EventData<T> | null;
}

export type RegistrationCommand<C extends string, T extends EventType> = { type: C; data: EventData<T> } & CommandMetadata;

export function registrationDecider<C extends string, T extends EventType>(options: {
  command: C;
  event: T;
  /** The data field holding the aggregate id, for the rejection path. */
  idField: keyof EventData<T> & string;
  rule: string;
  noun: string;
}): Decider<RegistrationCommand<C, T>, Registered<T>, FactEvent<T>> {
  return {
    initialState: () => ({ registered: null }),
    decide(command, state) {
      if (state.registered) {
        const id = String(command.data[options.idField]);
        violation(options.rule, `$.data.${options.idField}`, `${options.noun} ${id} is already recorded`);
      }
      return [{ type: options.event, data: command.data } as FactEvent<T>];
    },
    evolve: (state, event) => (event.type === options.event ? { registered: event.data as EventData<T> } : state),
  };
}
