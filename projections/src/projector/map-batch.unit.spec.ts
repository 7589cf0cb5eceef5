import { describe, expect, it } from 'vitest';
import { ProjectionState } from '../model/state.ts';
import type { ProjectedEvent, ReadModel } from '../read-models/read-model.ts';
import { EventFailure } from './faults.ts';
import { mapEvents } from './map-batch.ts';

describe('a read model whose mapping throws', () => {
  it('stops the batch at that event, naming the event and the read model', () => {
    const event = { position: '42', eventId: 'e-42', event: { type: 'AwardGranted' } } as unknown as ProjectedEvent;
    const fine: ReadModel = { name: 'fine', tables: ['a'], project: (_e, _s, out) => out.row('a', { n: 1 }) };
    const broken: ReadModel = {
      name: 'awards',
      tables: ['b'],
      project: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'title')");
      },
    };
    let failure: unknown;
    try {
      mapEvents([event], new ProjectionState(), [fine, broken]);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(EventFailure);
    expect(failure).toMatchObject({ position: 42n, eventId: 'e-42', eventType: 'AwardGranted' });
    expect((failure as EventFailure).reason).toBe("read model awards: Cannot read properties of undefined (reading 'title')");
  });
});
