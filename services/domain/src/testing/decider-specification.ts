import assert from 'node:assert/strict';
import { DomainRuleViolation, type Decider } from '../decider.ts';
import type { DomainEvent } from '@redstream/schema';

/**
 * given/when/then for deciders: `given(events).when(command).then(expectedEvents)` or
 * `.thenThrows(rule)`. Uses node:assert so it runs under any test runner.
 */
export function deciderSpecification<Command, State, Event extends DomainEvent>(decider: Decider<Command, State, Event>) {
  return function given(events: Event[] = []) {
    const state = events.reduce(decider.evolve, decider.initialState());
    return {
      when(command: Command) {
        const run = () => decider.decide(command, state);
        return {
          then(expected: Event[]): void {
            assert.deepStrictEqual(run(), expected);
          },
          thenThrows(rule: string, path?: string): DomainRuleViolation {
            let caught: unknown;
            try {
              run();
            } catch (error) {
              caught = error;
            }
            assert.ok(caught instanceof DomainRuleViolation, `expected rule ${rule} to be violated, but ${caught ? String(caught) : 'the command was accepted'}`);
            assert.equal(caught.rule, rule);
            if (path !== undefined) assert.equal(caught.path, path);
            return caught;
          },
        };
      },
    };
  };
}
