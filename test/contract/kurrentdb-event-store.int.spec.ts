import { describe, it } from 'vitest';
import { openKurrentEventStore } from '@redstream/event-store';
import { eventStoreContract } from './event-store.contract.ts';

const url = process.env.EVENTSTORE_URL;

if (url) {
  eventStoreContract(`KurrentDB at ${url.replace(/\/\/[^@]*@/, '//***@')}`, () => openKurrentEventStore({ connectionString: url }));
} else {
  describe('event store contract: KurrentDB', () => {
    it.skip('skipped: EVENTSTORE_URL is not set (e.g. esdb://localhost:2113?tls=false; see README "Running against servers")', () => {});
  });
  console.warn('KurrentDB contract suite skipped: EVENTSTORE_URL is not set');
}
