import { describe, expect, it } from 'vitest';
import { decodeEvent, decodeStoredEvent, InvalidStoredEvent, parseFact } from './validation.ts';
import { EVENT_TYPES, catalog, streamOf } from './catalog.ts';
import { yuanToFen } from './money.ts';
import { upcast } from './upcasting.ts';

const sale = {
  orderId: 'o-1',
  streamerId: 's-1',
  occurredAt: '2025-06-18T20:15:00+08:00',
  product: '沂蒙山苹果 5斤',
  category: '农产品',
  quantity: 1,
  amountFen: 3990,
};
const fact = (type: string, data: unknown) => ({ id: '0b7c6f2e-1d3a-4c55-9a77-1f2e3d4c5b6a', type, data });

describe('parseFact', () => {
  it('accepts a valid SaleRecorded', () => {
    const r = parseFact(fact('SaleRecorded', sale));
    expect(r.ok).toBe(true);
    if (r.ok) expect(streamOf(r.value)).toBe('order-o-1');
  });

  it('refuses an unknown type naming the path', () => {
    const r = parseFact(fact('SaleExploded', sale));
    expect(r).toMatchObject({ ok: false, error: { path: '$.type' } });
    if (!r.ok) expect(r.error.reason).toContain('unknown event type "SaleExploded"');
  });

  it('refuses a missing field with its JSON path', () => {
    const { amountFen: _, ...withoutAmount } = sale;
    expect(parseFact(fact('SaleRecorded', withoutAmount))).toEqual({ ok: false, error: { path: '$.data.amountFen', reason: 'is required' } });
  });

  it('refuses mistyped, fractional, negative and unsafe amounts', () => {
    for (const amountFen of ['3990', 39.9, -1, 2 ** 60]) {
      const r = parseFact(fact('SaleRecorded', { ...sale, amountFen }));
      expect(r.ok, String(amountFen)).toBe(false);
      if (!r.ok) expect(r.error.path).toBe('$.data.amountFen');
    }
  });

  it('refuses times without offset and impossible dates', () => {
    const noOffset = parseFact(fact('SaleRecorded', { ...sale, occurredAt: '2025-06-18T20:15:00' }));
    expect(noOffset).toMatchObject({ ok: false, error: { path: '$.data.occurredAt' } });
    const feb30 = parseFact(fact('FarmerPaid', { paymentId: 'p', householdId: 'h', villageCode: '371302001001', amountFen: 1, paidOn: '2025-02-30' }));
    expect(feb30).toMatchObject({ ok: false, error: { path: '$.data.paidOn' } });
  });

  it('accepts region codes of 6, 9 and 12 digits only', () => {
    for (const [code, ok] of [['371302', true], ['371302001', true], ['371302001001', true], ['37130', false], ['3713020010', false], ['abcdef', false]] as const) {
      const r = parseFact(fact('SaleRecorded', { ...sale, buyerRegionCode: code }));
      expect(r.ok, code).toBe(ok);
    }
  });

  it('refuses unknown fields and a bad id', () => {
    expect(parseFact(fact('SaleRecorded', { ...sale, extra: 1 }))).toMatchObject({ ok: false, error: { path: '$.data', reason: 'unknown field(s): extra' } });
    expect(parseFact({ id: 'nope', type: 'SaleRecorded', data: sale })).toMatchObject({ ok: false, error: { path: '$.id' } });
  });

  it('knows every type of the catalog with a stream', () => {
    expect(EVENT_TYPES).toHaveLength(22); // 18, then issue 15: LiveSessionStarted, LiveSessionEnded, LiveAudienceReported, ProduceReferencePriceSet
    for (const t of EVENT_TYPES) expect(catalog[t].version).toBeGreaterThan(0);
  });
});

describe('upcasting SaleRecorded v1 → v2', () => {
  const v1 = { ...sale, amountFen: undefined, amountYuan: '39.9' };
  delete (v1 as Record<string, unknown>).amountFen;

  it('converts yuan strings to fen exactly', () => {
    expect(Number(yuanToFen('39.9'))).toBe(3990);
    expect(Number(yuanToFen('0.07'))).toBe(7);
    expect(Number(yuanToFen('1234'))).toBe(123400);
    expect(() => yuanToFen('1.234')).toThrow();
  });

  it('reads a stored v1 event as current data', () => {
    const event = decodeEvent('SaleRecorded', 1, v1);
    expect(event).toEqual({ type: 'SaleRecorded', data: sale });
  });

  it('refuses a version newer than the code', () => {
    expect(() => upcast('SaleRecorded', 3, sale)).toThrow(/newer/);
  });
});

describe('refusal reasons', () => {
  it('tells a wrongly typed value from a missing one', () => {
    const r = parseFact(fact('SaleRecorded', { ...sale, amountFen: 'abc' }));
    expect(r).toMatchObject({ ok: false, error: { path: '$.data.amountFen' } });
    if (!r.ok) expect(r.error.reason).not.toBe('is required');
  });
});

describe('decodeStoredEvent', () => {
  const bad = { ...sale, amountFen: 'lots' };
  const { amountFen: _fen, ...v1Rest } = sale;
  const v1 = { ...v1Rest, amountYuan: '39.9' };
  const version = catalog.SaleRecorded.version;

  it('takes data its writer validated at the current version as stored', () => {
    expect(decodeStoredEvent('SaleRecorded', { schemaVersion: version, validated: true }, bad)).toEqual({ type: 'SaleRecorded', data: bad });
  });

  it('validates data without the mark, as decodeEvent does', () => {
    expect(decodeStoredEvent('SaleRecorded', { schemaVersion: version }, sale)).toEqual({ type: 'SaleRecorded', data: sale });
    expect(() => decodeStoredEvent('SaleRecorded', { schemaVersion: version }, bad)).toThrow(InvalidStoredEvent);
    expect(() => decodeStoredEvent('SaleRecorded', { schemaVersion: version, validated: 'yes' }, bad)).toThrow(InvalidStoredEvent);
  });

  it("upcasts an older version and validates the upcaster's output even when marked", () => {
    expect(decodeStoredEvent('SaleRecorded', { schemaVersion: 1, validated: true }, v1)).toEqual({ type: 'SaleRecorded', data: sale });
    expect(() => decodeStoredEvent('SaleRecorded', { schemaVersion: 1, validated: true }, { ...v1, extra: 1 })).toThrow(InvalidStoredEvent);
  });

  it('refuses an unknown type even when marked', () => {
    expect(() => decodeStoredEvent('NoSuchThing', { schemaVersion: 1, validated: true }, {})).toThrow(InvalidStoredEvent);
  });
});
