import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '@redstream/event-store';
import { ADMIN_KEY, bearer, eventCount, fact, openTestStore, postFacts, testApi, type TestApi } from './testing/harness.ts';
import type { ImportSummary } from './api-schemas.ts';
import { csvRowFactId } from './import/fact-ids.ts';

let store: EventStore;
let api: TestApi;

beforeAll(async () => {
  ({ store } = await openTestStore());
  api = await testApi(store, [{ id: 'erqi', roles: ['writer'], families: ['sales', 'organisation'], regionCode: '410103' }], { importBatchSize: 50, maxImportRejections: 5 });
  await postFacts(api.app, [fact('StreamerRegistered')]);
});
afterAll(async () => {
  await api?.app.close();
  await store?.close();
});

async function importBody(body: string, contentType: string, query = '', key = ADMIN_KEY) {
  const response = await api.app.inject({ method: 'POST', url: `/v1/import${query}`, headers: { ...bearer(key), 'content-type': contentType }, payload: body });
  return { status: response.statusCode, body: response.json() as ImportSummary & { message?: string } };
}

const CSV_HEADER = 'orderId,streamerId,occurredAt,product,category,quantity,amountFen,buyerRegionCode';
const csvSale = (n: number) => `o-csv-${n},s-1,2022-06-18T20:15:00+08:00,"沂蒙山苹果, 5斤",农产品,1,${1000 + n},`;

describe('POST /v1/import', () => {
  it('imports NDJSON in batches, listing rejected lines by number, and a rerun appends nothing', async () => {
    const lines = Array.from({ length: 120 }, (_, i) => JSON.stringify(fact('SaleRecorded', { orderId: `o-nd-${i}` })));
    lines[9] = '{"id": broken';
    lines[19] = JSON.stringify(fact('SaleRecorded', { orderId: 'o-nd-unknown', streamerId: 'nobody' }));
    lines.splice(30, 0, '');
    const body = `${lines.join('\n')}\n`;
    const before = await eventCount(store);
    const first = await importBody(body, 'application/x-ndjson');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ format: 'ndjson', lines: 120, accepted: 118, appended: 118, alreadyStored: 0, rejected: 2, rejectionsOmitted: 0 });
    expect(first.body.rejections).toEqual([
      { line: 10, reason: expect.stringMatching(/^invalid JSON/) },
      { line: 20, id: expect.any(String), reason: expect.stringMatching(/^order\.unknown-streamer/), path: '$.data.streamerId' },
    ]);
    expect(await eventCount(store)).toBe(before + 118);
    const again = await importBody(body, 'application/x-ndjson');
    expect(again.body).toMatchObject({ accepted: 118, appended: 0, alreadyStored: 118, rejected: 2 });
    expect(await eventCount(store)).toBe(before + 118);
  });

  it('imports CSV with a type, quoted cells and numbers; ids derive from the row content', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => csvSale(i));
    rows[4] = 'o-csv-4,s-1,2022-06-18T20:15:00+08:00,apples,农产品,one,1000,';
    const body = `\uFEFF${CSV_HEADER}\r\n${rows.join('\r\n')}\r\n`;
    const before = await eventCount(store);
    const first = await importBody(body, 'text/csv', '?type=SaleRecorded');
    expect(first.body).toMatchObject({ format: 'csv', lines: 60, appended: 59, rejected: 1 });
    expect(first.body.rejections[0]).toMatchObject({ line: 6, path: '$.data.quantity' });
    const [stored] = await store.readStream('order-o-csv-0');
    expect(stored!.data).toEqual({ orderId: 'o-csv-0', streamerId: 's-1', occurredAt: '2022-06-18T20:15:00+08:00', product: '沂蒙山苹果, 5斤', category: '农产品', quantity: 1, amountFen: 1000 });
    const cells = Object.fromEntries(CSV_HEADER.split(',').map((c, i) => [c, ['o-csv-0', 's-1', '2022-06-18T20:15:00+08:00', '沂蒙山苹果, 5斤', '农产品', '1', '1000', ''][i]!]));
    expect(stored!.eventId).toBe(csvRowFactId('SaleRecorded', cells));
    const again = await importBody(body, 'text/csv', '?type=SaleRecorded');
    expect(again.body).toMatchObject({ appended: 0, alreadyStored: 59, rejected: 1 });
    expect(await eventCount(store)).toBe(before + 59);
  });

  it('uses an id column when the CSV has one', async () => {
    const id = '3f0c1d8e-5b7a-4c2d-9e1f-0a1b2c3d4e5f';
    const { body } = await importBody(`id,paymentId,householdId,villageCode,amountFen,paidOn\n${id},pay-csv,h-9,371302001001,5000,2022-07-01\n`, 'text/csv', '?type=FarmerPaid');
    expect(body).toMatchObject({ appended: 1 });
    expect((await store.readStream('household-h-9'))[0]!.eventId).toBe(id);
  });

  it('caps the listed rejections and says how many were cut', async () => {
    const body = Array.from({ length: 12 }, (_, i) => `not json ${i}`).join('\n');
    const { body: summary } = await importBody(body, 'application/x-ndjson');
    expect(summary).toMatchObject({ lines: 12, rejected: 12, rejectionsOmitted: 7 });
    expect(summary.rejections.map((r) => r.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses a CSV without type, with unknown columns, or of a family outside the key', async () => {
    expect((await importBody(`${CSV_HEADER}\n${csvSale(999)}\n`, 'text/csv')).body.message).toMatch(/\?type=SaleRecorded/);
    const unknown = await importBody(`orderId,price\no-1,1\n`, 'text/csv', '?type=SaleRecorded');
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/unknown column\(s\) price/);
    const family = await importBody(`parkId\np-9\n`, 'text/csv', '?type=ParcelsShipped', api.keys['erqi']);
    expect(family.status).toBe(403);
  });

  it('rejects lines outside the key region, naming the scope', async () => {
    const { body } = await importBody(`${JSON.stringify(fact('SaleRecorded', { orderId: 'o-erqi-import' }))}\n`, 'application/x-ndjson', '', api.keys['erqi']);
    expect(body).toMatchObject({ rejected: 1, appended: 0 });
    expect(body.rejections[0]!.reason).toMatch(/^auth\.out-of-scope: .*limited to region 410103/);
  });

  it('rejects an over-long line without reading it into memory', async () => {
    const { body } = await importBody(`${'x'.repeat(2 * 1024 * 1024)}\n${JSON.stringify(fact('SaleRecorded', { orderId: 'o-after-long' }))}\n`, 'application/x-ndjson');
    expect(body).toMatchObject({ lines: 2, appended: 1, rejected: 1 });
    expect(body.rejections[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/longer than/) });
  });
});
