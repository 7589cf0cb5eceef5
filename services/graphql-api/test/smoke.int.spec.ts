import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDataset } from './dataset.ts';
import { model, summaryOf } from './expected.ts';
import { startHarness, type Harness } from './harness.ts';

const facts = buildDataset();
const m = model(facts);
let h: Harness;
beforeAll(async () => {
  h = await startHarness(facts);
});
afterAll(async () => h?.close());

describe('smoke', () => {
  it('salesSummary', async () => {
    const r = await h.gql(`{ salesSummary { orders gmv refunds netSales averageOrderValue streamers } }`);
    console.log(JSON.stringify(r.body));
    expect(r.body.data.salesSummary).toEqual(summaryOf(m, {}));
  });
});
