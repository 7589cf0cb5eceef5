import { z } from 'zod';
import { IsoDateTime } from './primitives.ts';

/**
 * Metadata every stored event carries beside its data. The event id, type, stream revision,
 * global position and recorded-at time are kept by the event store itself (see RecordedEvent in
 * @redstream/event-store); these fields travel in the event's metadata document.
 */
export const EventMetadata = z.object({
  schemaVersion: z.int().positive(),
  /** Who sent it: an API key id, `import:<key>`, `simulator`, `system`. */
  sender: z.string().min(1).max(128),
  /** Groups the facts of one request or import run. */
  correlationId: z.string().max(128).optional(),
  /** The message that caused this event (the fact id for facts sent from outside). */
  causationId: z.string().max(128).optional(),
  /** When the fact was accepted, as the writer's clock saw it (the store also stamps recordedAt). */
  acceptedAt: IsoDateTime.optional(),
  /**
   * The writer validated `data` against the catalog's schema of `schemaVersion` before appending
   * (the write API's facts, parsed on the way in). Readers may then skip validating it again
   * (`decodeStoredEvent`); absent means "validate on read".
   */
  validated: z.literal(true).optional(),
});
export type EventMetadata = z.infer<typeof EventMetadata>;
