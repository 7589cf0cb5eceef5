import { z } from 'zod';
import { catalog, isEventType, EVENT_TYPES, type DomainEvent, type EventType } from './catalog.ts';
import { upcast } from './upcasting.ts';

/** A fact as sent over the wire: `{ id, type, data }`; `id` is the idempotency key. */
export const FactEnvelope = z.strictObject({
  id: z.uuid({ error: 'must be a UUID' }),
  type: z.string({ error: 'must be a string naming an event type' }).max(64, 'must be at most 64 characters'),
  data: z.record(z.string(), z.unknown(), { error: 'must be an object' }),
});

export type Fact = DomainEvent & { id: string };

export interface Refusal {
  /** JSON path of the offending value, e.g. `$.data.amountFen`. */
  path: string;
  reason: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: Refusal };

/** `["data","items",0]` → `$.data.items[0]` */
export function jsonPath(path: readonly PropertyKey[], root = '$'): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(String(key)) ? `${acc}.${String(key)}` : `${acc}[${JSON.stringify(String(key))}]`),
    root,
  );
}

/** The value at `path` inside `input`, or undefined when any step is missing. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function refusal(error: z.ZodError, prefix: readonly PropertyKey[], input: unknown): Refusal {
  const issue = error.issues[0]!;
  const path = [...prefix, ...issue.path];
  let reason = issue.message;
  if (issue.code === 'unrecognized_keys') reason = `unknown field(s): ${issue.keys.join(', ')}`;
  // zod 4 does not put the input on issues by default, so look the value up to tell "missing" from "wrong type".
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) reason = 'is required';
  return { path: jsonPath(path), reason };
}

/** Validates a fact from outside: envelope, known type, then the type's data schema. */
export function parseFact(input: unknown): Parsed<Fact> {
  const envelope = FactEnvelope.safeParse(input);
  if (!envelope.success) return { ok: false, error: refusal(envelope.error, [], input) };
  const { id, type, data } = envelope.data;
  if (!isEventType(type)) {
    return { ok: false, error: { path: '$.type', reason: `unknown event type ${JSON.stringify(type)}; known: ${EVENT_TYPES.join(', ')}` } };
  }
  const parsed = catalog[type].schema.safeParse(data);
  if (!parsed.success) return { ok: false, error: refusal(parsed.error, ['data'], data) };
  return { ok: true, value: { id, type, data: parsed.data } as Fact };
}

/** Validates data of a known type, e.g. one CSV row already shaped into an object. */
export function parseData<T extends EventType>(type: T, data: unknown): Parsed<DomainEvent> {
  const parsed = catalog[type].schema.safeParse(data);
  if (!parsed.success) return { ok: false, error: refusal(parsed.error, ['data'], data) };
  return { ok: true, value: { type, data: parsed.data } as DomainEvent };
}

export class InvalidStoredEvent extends Error {}

/**
 * Every event read back from a store goes through here: upcast from its stored version, then
 * validated, so a read model never sees data the catalog does not describe.
 */
export function decodeEvent(type: string, schemaVersion: number, data: unknown): DomainEvent {
  if (!isEventType(type)) throw new InvalidStoredEvent(`stored event has unknown type ${type}`);
  const current = upcast(type, schemaVersion, data);
  const parsed = catalog[type].schema.safeParse(current);
  if (!parsed.success) {
    const r = refusal(parsed.error, ['data'], current);
    throw new InvalidStoredEvent(`stored ${type} v${schemaVersion} is invalid at ${r.path}: ${r.reason}`);
  }
  return { type, data: parsed.data } as DomainEvent;
}

/**
 * A stored event read back by a projection: like `decodeEvent`, except that data its writer
 * validated against this very schema version when appending it (metadata `validated: true`, see
 * metadata.ts) is not validated again — that was a third of the projector's decoding time on a
 * catch-up. An event stored at an older version is upcast and then validated as always (an
 * upcaster's output was never checked), and so is one without the mark (written by a tool that
 * did not validate, or before the mark existed).
 */
export function decodeStoredEvent(type: string, metadata: { schemaVersion: unknown; validated?: unknown }, data: unknown): DomainEvent {
  const version = Number(metadata.schemaVersion);
  if (metadata.validated === true && isEventType(type) && version === catalog[type].version) return { type, data } as DomainEvent;
  return decodeEvent(type, version, data);
}
