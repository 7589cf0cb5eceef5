import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openClickHouse, readCheckpoint, readLastFault, readSkips, requestRetry, skipEvent } from '@redstream/projections';
import { loadCommandEnv } from '../env.ts';

const USAGE = `usage: redstream projections <status|retry|skip> [options]

  status                                where the live projection stands, the event it is stopped at, every skipped event
  retry                                 try the event it is stopped at again (after deploying a fix)
  skip --position P --reason "…"        skip the event it is stopped at; recorded and shown forever after`;

/**
 * `redstream projections …`: an operator's decisions about a projection stopped at an event it
 * cannot apply. They are written to ClickHouse, where the projector (in whichever process) looks
 * for them, so this works from any machine that reaches ClickHouse.
 */
export async function run(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (!action || !['status', 'retry', 'skip'].includes(action)) throw new Error(USAGE);
  const { values } = parseArgs({ args: rest, options: { position: { type: 'string' }, reason: { type: 'string' }, projection: { type: 'string', default: 'main' } } });
  const env = loadCommandEnv();
  const clickhouse = openClickHouse({ clickhouseUrl: env.CLICKHOUSE_URL, dataDir: join(env.REDSTREAM_DATA_DIR, 'clickhouse') });
  const projection = values.projection!;
  try {
    const checkpoint = (await readCheckpoint(clickhouse, projection)).position;
    const last = await readLastFault(clickhouse, projection);
    const fault = last && last.position > checkpoint ? last : undefined;
    if (action === 'status') {
      console.log(`projection ${projection}: checkpoint ${checkpoint}${fault ? `, stopped at event ${fault.position} (${fault.eventType} ${fault.eventId}) since ${fault.failedAt.toISOString()}: ${fault.error}` : ''}`);
      for (const s of await readSkips(clickhouse)) console.log(`skipped event ${s.position} (${s.eventType} ${s.eventId}) on ${s.skippedAt.toISOString()}: ${s.reason} — it had failed with: ${s.error}`);
    } else if (action === 'retry') {
      if (!fault) throw new Error(`projection ${projection} is not stopped at a failed event (checkpoint ${checkpoint})`);
      await requestRetry(clickhouse, projection);
      console.log(`asked projection ${projection} to retry event ${fault.position} (${fault.eventType} ${fault.eventId})`);
    } else {
      if (!values.position || !/^\d+$/.test(values.position)) throw new Error(`--position P is required (the position the projection is stopped at)\n\n${USAGE}`);
      const skipped = await skipEvent(clickhouse, { projection, position: BigInt(values.position), reason: values.reason ?? '', checkpoint });
      console.log(`skipped event ${skipped.position} (${skipped.eventType} ${skipped.eventId}): ${skipped.reason}`);
    }
  } finally {
    await clickhouse.close();
  }
}
