import { WrongExpectedRevision, type ExpectedRevision, type NewEvent } from './port.ts';

/** Throws when the stream's actual revision (undefined: no stream) does not meet the expectation. */
export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, actual: bigint | undefined): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === undefined) ||
    (expected === 'stream_exists' && actual !== undefined) ||
    (typeof expected === 'bigint' && actual === expected);
  if (!ok) throw new WrongExpectedRevision(streamId, expected, actual ?? 'no_stream');
}

/** The same event id twice in one write is stored once; the first occurrence wins. */
export function uniqueByEventId(events: NewEvent[]): NewEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const id = e.eventId.toLowerCase();
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
