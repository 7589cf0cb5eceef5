import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '@redstream/schema';
import { openEmbeddedEventStore, type EventStore } from '@redstream/event-store';
import { join } from 'node:path';
import { ADMIN_KEY, eventCount, fact, openTestStore, postFacts, testApi, type TestApi } from './testing/harness.ts';

let store: EventStore;
let dir: string;
let api: TestApi;

beforeAll(async () => {
  ({ store, dir } = await openTestStore());
  api = await testApi(store, [
    { id: 'lanshan-sales', roles: ['writer'], families: ['sales', 'organisation'], regionCode: '371302' },
    { id: 'erqi-sales', roles: ['writer'], families: ['sales'], regionCode: '410103' },
    { id: 'analyst', roles: ['analyst'] },
  ]);
});
afterAll(async () => {
  await api?.app.close();
  await store?.close();
});

/** The world every rule test refers to: park, committee, streamer s-1, session, agreement, order, appeal. */
const world = () => [
  fact('ParkRegistered'),
  fact('IndustryCommitteeFounded'),
  fact('BranchFounded'),
  fact('WarmStationOpened'),
  fact('StreamerRegistered'),
  fact('PartyStatusChanged'),
  fact('FollowersReported'),
  // Sessions are the streamer's stream: kept beside its other facts so positions follow request order.
  fact('LiveSessionStarted'),
  fact('LiveSessionEnded'),
  fact('TrainingSessionHeld'),
  fact('StreamerTrained'),
  fact('ParcelDiscountGranted'),
  fact('ParcelsShipped'),
  fact('LoanGranted'),
  fact('AwardGranted'),
  fact('AppealRaised'),
  fact('AppealResolved'),
  fact('SaleRecorded'),
  fact('SaleRefunded'),
  fact('FarmerPaid'),
  fact('LiveAudienceReported'),
  fact('ProduceReferencePriceSet'),
];

describe('POST /v1/events', () => {
  it('accepts every fact type, in request order, facts seeing earlier ones of the same batch', async () => {
    const facts = world();
    expect(new Set(facts.map((f) => f.type))).toEqual(new Set(EVENT_TYPES));
    const before = await eventCount(store);
    const { status, body } = await postFacts(api.app, facts);
    expect(status).toBe(200);
    expect(body.results.map((r) => [r.id, r.status])).toEqual(facts.map((f) => [f.id, 'accepted']));
    const positions = body.results.map((r) => r.position!);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(await eventCount(store)).toBe(before + facts.length);
    const stored = await store.readStream('order-o-1');
    expect(stored.map((e) => [e.eventId, e.type])).toEqual([
      [facts[17]!.id, 'SaleRecorded'],
      [facts[18]!.id, 'SaleRefunded'],
    ]);
    expect(stored[0]!.metadata).toMatchObject({ schemaVersion: 2, sender: 'admin', causationId: facts[17]!.id });
  });

  const rules: Array<[string, ReturnType<typeof fact>, string, string]> = [
    ['a duplicate park id', fact('ParkRegistered'), 'park.already-registered', '$.data.parkId'],
    ['a duplicate committee id', fact('IndustryCommitteeFounded'), 'committee.already-founded', '$.data.committeeId'],
    ['a duplicate branch id', fact('BranchFounded'), 'branch.already-founded', '$.data.branchId'],
    ['a duplicate streamer id', fact('StreamerRegistered'), 'streamer.already-registered', '$.data.streamerId'],
    ['a duplicate session id', fact('TrainingSessionHeld'), 'session.already-held', '$.data.sessionId'],
    ['a duplicate agreement id', fact('ParcelDiscountGranted'), 'agreement.already-granted', '$.data.agreementId'],
    ['a duplicate order id', fact('SaleRecorded'), 'order.already-recorded', '$.data.orderId'],
    ['a sale by an unknown streamer', fact('SaleRecorded', { orderId: 'o-2', streamerId: 'nobody' }), 'order.unknown-streamer', '$.data.streamerId'],
    ['training of an unknown streamer', fact('StreamerTrained', { streamerId: 'nobody' }), 'training.unknown-streamer', '$.data.streamerId'],
    ['training in an unknown session', fact('StreamerTrained', { sessionId: 'no-session' }), 'training.unknown-session', '$.data.sessionId'],
    ['parcels under an unknown agreement', fact('ParcelsShipped', { agreementId: 'no-agreement' }), 'parcels.unknown-agreement', '$.data.agreementId'],
    ['parcels outside the validity', fact('ParcelsShipped', { shippedOn: '2023-01-02' }), 'parcels.outside-validity', '$.data.shippedOn'],
    ['a refund of an unknown order', fact('SaleRefunded', { orderId: 'no-order' }), 'refund.unknown-order', '$.data.orderId'],
    ['a refund above the order amount', fact('SaleRefunded', { amountFen: 2991 }), 'refund.exceeds-amount', '$.data.amountFen'],
    ['party status moving backwards', fact('PartyStatusChanged', { to: 'none' }), 'streamer.party-status-not-forward', '$.data.to'],
    ['party status standing still', fact('PartyStatusChanged', { to: 'applicant' }), 'streamer.party-status-not-forward', '$.data.to'],
    ['a discounted fee not below the standard', fact('ParcelDiscountGranted', { agreementId: 'a-2', discountedFeeFen: 300 }), 'agreement.discount-not-below-standard', '$.data.discountedFeeFen'],
    ['a sale from the future', fact('SaleRecorded', { orderId: 'o-3', occurredAt: '2030-01-01T00:00:00+08:00' }), 'order.occurred-in-future', '$.data.occurredAt'],
  ];

  it.each(rules)('rejects %s naming the rule and field, appending nothing', async (_name, rejected, rule, path) => {
    const before = await eventCount(store);
    const { status, body } = await postFacts(api.app, [rejected]);
    expect(status).toBe(422); // nothing of the request was accepted
    expect(body.results).toHaveLength(1);
    expect(body.results[0]).toMatchObject({ id: rejected.id, status: 'rejected', path });
    expect(body.results[0]!.reason).toMatch(new RegExp(`^${rule.replace('.', '\\.')}: `));
    expect(await eventCount(store)).toBe(before);
  });

  it('rejects a schema violation naming the field, and does not let it block the others', async () => {
    const good = fact('SaleRecorded', { orderId: 'o-schema-ok' });
    const bad = fact('SaleRecorded', { orderId: 'o-schema-bad', amountFen: 12.5 });
    const { body } = await postFacts(api.app, [bad, good]);
    expect(body.results[0]).toMatchObject({ id: bad.id, status: 'rejected', path: '$.data.amountFen' });
    expect(body.results[1]).toMatchObject({ id: good.id, status: 'accepted' });
  });

  it('appends nothing for the same batch sent twice, answering with the first positions', async () => {
    const batch = [fact('SaleRecorded', { orderId: 'o-twice' }), fact('SaleRefunded', { orderId: 'o-twice', amountFen: 3990 }), fact('FarmerPaid', { paymentId: 'pay-twice' })];
    const first = await postFacts(api.app, batch);
    expect(first.body.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const head = await eventCount(store);
    const second = await postFacts(api.app, batch);
    expect(second.body).toEqual(first.body);
    expect(await eventCount(store)).toBe(head);
  });

  it('answers a fact repeated inside one batch once', async () => {
    const twice = fact('SaleRecorded', { orderId: 'o-dup-in-batch' });
    const head = await eventCount(store);
    const { body } = await postFacts(api.app, [twice, twice]);
    expect(body.results[0]).toEqual(body.results[1]);
    expect(body.results[0]!.status).toBe('accepted');
    expect(await eventCount(store)).toBe(head + 1);
  });

  it('keeps idempotency across a restart', async () => {
    const batch = [fact('SaleRecorded', { orderId: 'o-restart' })];
    const first = await postFacts(api.app, batch);
    const head = await eventCount(store);
    await api.app.close();
    await store.close();
    store = await openEmbeddedEventStore({ dir: join(dir, 'eventstore') });
    api = await testApi(store, [
      { id: 'lanshan-sales', roles: ['writer'], families: ['sales', 'organisation'], regionCode: '371302' },
      { id: 'erqi-sales', roles: ['writer'], families: ['sales'], regionCode: '410103' },
      { id: 'analyst', roles: ['analyst'] },
    ]);
    const again = await postFacts(api.app, batch);
    expect(again.body).toEqual(first.body);
    expect(await eventCount(store)).toBe(head);
  });
});

describe('state a writer has not read', () => {
  it('does not let a resent sale hide the refunds stored after it from a fresh writer', async () => {
    const sale = fact('SaleRecorded', { orderId: 'o-cold' });
    await postFacts(api.app, [sale, fact('SaleRefunded', { orderId: 'o-cold', amountFen: 3000 })]);
    const fresh = await testApi(store);
    const resent = await postFacts(fresh.app, [sale]);
    expect(resent.body.results[0]!.status).toBe('accepted');
    const tooMuch = await postFacts(fresh.app, [fact('SaleRefunded', { orderId: 'o-cold', amountFen: 991 })]);
    expect(tooMuch.body.results[0]!.reason).toMatch(/^refund\.exceeds-amount/);
    await fresh.app.close();
  });

  it('decides again when another writer changed the aggregate meanwhile', async () => {
    const other = await testApi(store);
    await postFacts(api.app, [fact('SaleRecorded', { orderId: 'o-race' })]);
    await postFacts(other.app, [fact('SaleRefunded', { orderId: 'o-race', amountFen: 3990 })]);
    const head = await eventCount(store);
    const late = await postFacts(api.app, [fact('SaleRefunded', { orderId: 'o-race', amountFen: 1 })]);
    expect(late.body.results[0]!.reason).toMatch(/^refund\.exceeds-amount/);
    expect(await eventCount(store)).toBe(head);
    await other.app.close();
  });
});

describe('concurrent requests', () => {
  it('never lets concurrent refunds exceed the order amount', async () => {
    await postFacts(api.app, [fact('SaleRecorded', { orderId: 'o-concurrent' })]);
    const answers = await Promise.all(Array.from({ length: 10 }, () => postFacts(api.app, [fact('SaleRefunded', { orderId: 'o-concurrent', amountFen: 1000 })])));
    const statuses = answers.map((a) => a.body.results[0]!.status);
    expect(statuses.filter((s) => s === 'accepted')).toHaveLength(3);
    expect(answers.filter((a) => /^refund\.exceeds-amount/.test(a.body.results[0]!.reason ?? ''))).toHaveLength(7);
    expect((await store.readStream('order-o-concurrent')).map((e) => e.type)).toEqual(['SaleRecorded', 'SaleRefunded', 'SaleRefunded', 'SaleRefunded']);
  });

  it('appends one fact sent by several requests at once, answering all with its position', async () => {
    const once = fact('SaleRecorded', { orderId: 'o-concurrent-dup' });
    const head = await eventCount(store);
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => postFacts(api.app, i % 2 ? [once] : [fact('FarmerPaid', { paymentId: `pay-c-${i}` }), once])));
    const positions = new Set(answers.map((a) => a.body.results.at(-1)!.position));
    expect(positions.size).toBe(1);
    expect(await eventCount(store)).toBe(head + 1 + 3);
  });
});

describe('authentication and scope', () => {
  it('answers 401 without a key or with an unknown one', async () => {
    const none = await api.app.inject({ method: 'POST', url: '/v1/events', payload: [fact('SaleRecorded')] });
    expect(none.statusCode).toBe(401);
    expect(none.json().message).toMatch(/missing API key/);
    const unknown = await postFacts(api.app, [fact('SaleRecorded')], 'rsk_not-a-key');
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toBe('unknown API key');
  });

  it('answers 403 to a key without the writer role', async () => {
    const { status, body } = await postFacts(api.app, [fact('SaleRecorded')], api.keys['analyst']);
    expect(status).toBe(403);
    expect(body.message).toMatch(/lacks the role writer/);
  });

  it('lets a Lanshan key write Lanshan sales and refuses it an Erqi sale with 403, writing nothing', async () => {
    const head0 = await eventCount(store);
    const own = await postFacts(api.app, [fact('SaleRecorded', { orderId: 'o-lanshan' })], api.keys['lanshan-sales']);
    expect(own.body.results[0]!.status).toBe('accepted');
    await postFacts(api.app, [fact('StreamerRegistered', { streamerId: 's-erqi', regionCode: '410103' })], ADMIN_KEY);
    const head = await eventCount(store);
    expect(head).toBe(head0 + 2);
    const foreign = await postFacts(api.app, [fact('SaleRecorded', { orderId: 'o-lanshan-2' }), fact('SaleRecorded', { orderId: 'o-erqi', streamerId: 's-erqi' })], api.keys['lanshan-sales']);
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toMatch(/fact 1 .*limited to region 371302; this fact is in 410103; nothing was written/);
    expect(await eventCount(store)).toBe(head);
    const erqi = await postFacts(api.app, [fact('SaleRecorded', { orderId: 'o-erqi', streamerId: 's-erqi' })], api.keys['erqi-sales']);
    expect(erqi.body.results[0]!.status).toBe('accepted');
  });

  it('refuses a fact family outside the key with 403', async () => {
    const { status, body } = await postFacts(api.app, [fact('StreamerRegistered', { streamerId: 's-erqi-2', regionCode: '410103' })], api.keys['erqi-sales']);
    expect(status).toBe(403);
    expect(body.message).toMatch(/may not write organisation facts/);
  });

  it('rate-limits per key with 429 and a reason', async () => {
    const limited = await testApi(store, [{ id: 'slow', roles: ['writer'], families: ['sales'] }], { rateLimitPerMinute: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await postFacts(limited.app, [], limited.keys['slow'])).status);
    const admin = await postFacts(limited.app, [], ADMIN_KEY);
    expect(statuses).toEqual([200, 200, 429]);
    expect(admin.status).toBe(200); // admin keys are not throttled
    await limited.app.close();
  });
});

describe('service routes', () => {
  it('serves /health, /metrics and the OpenAPI document at /docs built from the catalog', async () => {
    expect((await api.app.inject({ url: '/health' })).json()).toMatchObject({ status: 'ok' });
    expect((await api.app.inject({ url: '/metrics' })).body).toContain('redstream_write_facts_total');
    const doc = (await api.app.inject({ url: '/docs/json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/events', '/v1/import']));
    const text = JSON.stringify(doc);
    for (const type of EVENT_TYPES) expect(text).toContain(type);
    expect((await api.app.inject({ url: '/docs' })).statusCode).toBeLessThan(400);
  });
});
