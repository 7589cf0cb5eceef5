import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '@redstream/event-store';
import { eventCount, fact, openTestStore, postFacts, testApi, type TestApi } from './testing/harness.ts';

/**
 * Live sessions, audience snapshots, buyer references and reference prices through POST /v1/events:
 * malformed and hostile payloads refused naming the field, each business rule naming its rule id.
 */
let store: EventStore;
let api: TestApi;

beforeAll(async () => {
  ({ store } = await openTestStore());
  // A 10-minute grace period, set the way REDSTREAM_LIVE_SALE_GRACE_MINUTES sets it.
  api = await testApi(store, [], { liveSaleGraceMs: 10 * 60_000 });
  const world = await postFacts(api.app, [fact('StreamerRegistered'), fact('LiveSessionStarted'), fact('LiveAudienceReported')]);
  expect(world.body.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
});
afterAll(async () => {
  await api?.app.close();
  await store?.close();
});

const expectRefused = async (facts: unknown[], path: string, reason: RegExp) => {
  const before = await eventCount(store);
  const { status, body } = await postFacts(api.app, facts);
  expect(status).toBe(422);
  expect(body.results[0]).toMatchObject({ status: 'rejected', path });
  expect(body.results[0]!.reason).toMatch(reason);
  expect(await eventCount(store)).toBe(before);
};

describe('malformed and hostile live facts', () => {
  const cases: Array<[string, unknown, string, RegExp]> = [
    ['a session without a platform', { ...fact('LiveSessionStarted', { sessionId: 'x-1' }), data: { sessionId: 'x-1', streamerId: 's-1', title: 't', startedAt: '2022-06-19T19:00:00+08:00' } }, '$.data.platform', /Invalid option: expected one of "douyin"/],
    ['an unknown platform', fact('LiveSessionStarted', { platform: 'myspace' as never }), '$.data.platform', /Invalid option/i],
    ['a start without offset', fact('LiveSessionStarted', { startedAt: '2022-06-19T19:00:00' }), '$.data.startedAt', /with offset/],
    ['a session id with a slash', fact('LiveSessionStarted', { sessionId: '../etc/passwd' }), '$.data.sessionId', /may contain only/],
    ['a huge title', fact('LiveSessionStarted', { title: '直'.repeat(10_000) }), '$.data.title', /at most 200/],
    ['a snapshot without onlineNow', { ...fact('LiveAudienceReported'), data: { sessionId: 'live-1', streamerId: 's-1', at: '2022-06-18T20:05:00+08:00' } }, '$.data.onlineNow', /is required/],
    ['negative viewers', fact('LiveAudienceReported', { viewers: -1 }), '$.data.viewers', /must not be negative/],
    ['fractional views', fact('LiveAudienceReported', { views: 1.5 }), '$.data.views', /integer/],
    ['views as a string', fact('LiveAudienceReported', { views: '12000' as never }), '$.data.views', /integer/],
    ['an unknown audience field', fact('LiveAudienceReported', { gifts: 3 } as never), '$.data', /unknown field\(s\): gifts/],
    ['a phone number as buyerRef', fact('SaleRecorded', { orderId: 'o-p1', buyerRef: '13812345678' }), '$.data.buyerRef', /at least 16/],
    ['a long digit string as buyerRef', fact('SaleRecorded', { orderId: 'o-p2', buyerRef: '8613812345678000000' }), '$.data.buyerRef', /phone or id number/],
    ['an international phone number as buyerRef', fact('SaleRecorded', { orderId: 'o-p3', buyerRef: '+86 138 1234 5678 00' }), '$.data.buyerRef', /only letters, digits/],
    ['a name as buyerRef', fact('SaleRecorded', { orderId: 'o-p4', buyerRef: '张三张三张三张三张三张三张三张三' }), '$.data.buyerRef', /only letters, digits/],
    ['a negative quantity paid for', fact('FarmerPaid', { paymentId: 'pay-q1', quantity: -5, unit: '斤', product: '苹果' }), '$.data.quantity', /must be positive/],
    ['a reference price of zero', fact('ProduceReferencePriceSet', { priceFen: 0 }), '$.data.priceFen', /at least 1 fen/],
    ['a reference price in yuan', fact('ProduceReferencePriceSet', { priceFen: 2.5 }), '$.data.priceFen', /integer amount in fen/],
  ];
  it.each(cases)('refuses %s, naming the field', async (_name, payload, path, reason) => {
    await expectRefused([payload], path, reason);
  });
});

describe('live rules over HTTP', () => {
  it('refuses a second open session on the same platform and an end before the start', async () => {
    await expectRefused([fact('LiveSessionStarted', { sessionId: 'live-2', startedAt: '2022-06-18T21:00:00+08:00' })], '$.data.platform', /^live\.session-already-open: /);
    await expectRefused([fact('LiveSessionEnded', { endedAt: '2022-06-18T19:00:00+08:00' })], '$.data.endedAt', /^live\.end-before-start: /);
    await expectRefused([fact('LiveSessionEnded', { sessionId: 'live-9' })], '$.data.sessionId', /^live\.unknown-session: /);
  });

  it('refuses hostile snapshots: decreasing counters, outside the session, unknown session', async () => {
    await expectRefused([fact('LiveAudienceReported', { at: '2022-06-18T20:01:00+08:00', viewers: 7_999 })], '$.data.viewers', /^live\.counter-decreased: /);
    await expectRefused([fact('LiveAudienceReported', { at: '2022-06-18T19:00:00+08:00' })], '$.data.at', /^live\.snapshot-outside-session: /);
    await expectRefused([fact('LiveAudienceReported', { sessionId: 'live-9' })], '$.data.sessionId', /^live\.unknown-session: /);
    await expectRefused([fact('LiveAudienceReported', { streamerId: 'nobody' })], '$.data.streamerId', /^live\.unknown-streamer: /);
  });

  it('takes sales in the session and within the configured grace period after it, with buyer references', async () => {
    const buyer = 'b3f1c2a4d5e6f708192a3b4c5d6e7f80';
    const during = await postFacts(api.app, [fact('SaleRecorded', { orderId: 'o-live-1', liveSessionId: 'live-1', buyerRef: buyer })]);
    expect(during.body.results[0]!.status).toBe('accepted');
    const ended = await postFacts(api.app, [fact('LiveSessionEnded')]);
    expect(ended.body.results[0]!.status).toBe('accepted');
    const late = await postFacts(api.app, [fact('SaleRecorded', { orderId: 'o-live-2', liveSessionId: 'live-1', occurredAt: '2022-06-18T22:10:00+08:00', buyerRef: buyer })]);
    expect(late.body.results[0]!.status).toBe('accepted');
    await expectRefused([fact('SaleRecorded', { orderId: 'o-live-3', liveSessionId: 'live-1', occurredAt: '2022-06-18T22:10:01+08:00' })], '$.data.occurredAt', /^order\.outside-live-session: /);
    await expectRefused([fact('SaleRecorded', { orderId: 'o-live-4', liveSessionId: 'live-9' })], '$.data.liveSessionId', /^order\.unknown-live-session: /);
    await expectRefused([fact('LiveAudienceReported', { at: '2022-06-18T22:00:01+08:00' })], '$.data.at', /^live\.snapshot-outside-session: /);
  });

  it('checks a sale against sessions a fresh writer has not seen', async () => {
    const fresh = await testApi(store, [], { liveSaleGraceMs: 10 * 60_000 });
    const sale = await postFacts(fresh.app, [fact('SaleRecorded', { orderId: 'o-live-fresh', liveSessionId: 'live-1', occurredAt: '2022-06-18T21:00:00+08:00' })]);
    expect(sale.body.results[0]!.status).toBe('accepted');
    await fresh.app.close();
  });

  it('refuses overlapping reference prices and a quantity without its unit', async () => {
    const first = await postFacts(api.app, [fact('ProduceReferencePriceSet')]);
    expect(first.body.results[0]!.status).toBe('accepted');
    await expectRefused([fact('ProduceReferencePriceSet', { validFrom: '2022-06-01', validTo: '2023-05-31' })], '$.data.validFrom', /^referenceprice\.overlapping: /);
    await expectRefused([fact('FarmerPaid', { paymentId: 'pay-q2', quantity: 100, product: '沂蒙山苹果' })], '$.data.unit', /^household\.quantity-without-unit: /);
  });
});

