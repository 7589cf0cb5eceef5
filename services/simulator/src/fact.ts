import type { EventData, EventType, Fact } from '@redstream/schema';
import { uuidFor } from './random.ts';

/**
 * A fact as it goes on the wire. Its id is derived from the run key, type and a natural key
 * (an entity id, an order id …), so the same run always produces the same ids.
 */
export const makeFact = <T extends EventType>(runKey: string, type: T, key: string, data: EventData<T>): Fact =>
  ({ id: uuidFor(`${runKey}|${type}|${key}`), type, data }) as Fact;
