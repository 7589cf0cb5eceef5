import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGraphqlEnv } from '../src/index.ts';
import { startHarness, type Harness } from './harness.ts';

/**
 * A question over REDSTREAM_GRAPHQL_QUERY_TIMEOUT_MS is answered with what happened and what to do,
 * not the masked "Unexpected error." of an internal fault (which is what analysts saw under load).
 */
describe('a GraphQL question over its time limit', () => {
  let h: Harness;
  beforeAll(async () => {
    // One millisecond: every question to ClickHouse is over it.
    h = await startHarness([], { env: loadGraphqlEnv({ NODE_ENV: 'test', REDSTREAM_GRAPHQL_QUERY_TIMEOUT_MS: '1' }) });
  }, 300_000);
  afterAll(() => h?.close());

  it('says it was cancelled at its limit, with code QUERY_TIMEOUT', async () => {
    const { status, body } = await h.gql('{ salesSummary(filter: { regionCode: "371302" }) { gmv orders } }', {}, 'analyst');
    expect(status).toBe(200);
    expect(body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^the question took longer than its limit of 1 ms \(REDSTREAM_GRAPHQL_QUERY_TIMEOUT_MS\) and was cancelled/),
      extensions: { code: 'QUERY_TIMEOUT' },
    });
  });
});
