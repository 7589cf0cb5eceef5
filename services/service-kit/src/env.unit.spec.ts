import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from './env.ts';

describe('loadEnv', () => {
  it('applies the documented defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ PORT: 4000, REDSTREAM_DATA_DIR: './data', NODE_ENV: 'development', LOG_LEVEL: 'info' });
    expect(env.REDSTREAM_ADMIN_KEY).toBeUndefined();
    expect(env.EVENTSTORE_URL).toBeUndefined();
  });

  it('treats empty values as unset', () => {
    expect(loadEnv({ REDSTREAM_ADMIN_KEY: '', CLICKHOUSE_URL: ' ' }).CLICKHOUSE_URL).toBeUndefined();
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      loadEnv({ PORT: 'eighty', REDSTREAM_ADMIN_KEY: 'short', CLICKHOUSE_URL: 'not a url', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const problems = (error as EnvError).problems.join('\n');
    for (const name of ['PORT', 'REDSTREAM_ADMIN_KEY', 'CLICKHOUSE_URL', 'LOG_LEVEL']) expect(problems).toContain(name);
  });
});
