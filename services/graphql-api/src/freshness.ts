import { readCommittedCheckpoint, type CommittedCheckpoint, type Reader } from '@redstream/queries';
import type { Freshness } from '@redstream/schema';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * What every answer was read at. Before a query runs, the projections' committed checkpoint is
 * read (every read model includes the log up to it; later rows may be there too) and the log's
 * head; the answer carries both in `extensions.freshness`. Requests at the same moment share one
 * read of the checkpoint, and one begun at most `checkpointMaxAgeMs` before is reused: checkpoints
 * only grow, so an earlier one is still a floor of what the answer holds, and a dashboard's dozen
 * questions need not each pay a statement for it.
 *
 *   { position, committedAt, head, eventsBehind, lagSeconds, dataAsOf }
 *
 * `dataAsOf` is when the figures were known complete: the moment of the read when the
 * projections were at the head, else the commit time of the checkpoint. `lagSeconds` is 0 at
 * the head, else the time since that commit. Positions are decimal strings (64 bits).
 *
 * Read your own writes: a request with the header `X-Redstream-Min-Position: P` (the position
 * the write API returned) waits until the committed checkpoint reaches P, at most `minPositionWaitMs`,
 * then runs — or fails with PROJECTIONS_BEHIND saying how far behind the projections are.
 */
export const MIN_POSITION_HEADER = 'x-redstream-min-position';

export type { Freshness };

export interface FreshnessOptions {
  reader: Reader;
  /** The log's head, when this process can read it. */
  head: (() => Promise<bigint>) | undefined;
  minPositionWaitMs: number;
  /**
   * The committed checkpoint this process already knows (the live hub's), if any: each pushed
   * payload carries it instead of reading `projector_checkpoints` in front of the push — on
   * embedded chDB that read queued behind the projector's statements and delayed every push.
   */
  knownCheckpoint?: () => CommittedCheckpoint | undefined;
  /** How often a waiting request reads the checkpoint again. */
  pollMs?: number;
  /** How long a read of the checkpoint serves later requests (REDSTREAM_GRAPHQL_CHECKPOINT_MAX_AGE_MS; 0: every request reads). */
  checkpointMaxAgeMs: number;
  now?: () => number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function freshnessPlugin(options: FreshnessOptions): Plugin<{ request?: Request }> {
  const pollMs = options.pollMs ?? 20;
  const now = options.now ?? Date.now;
  const maxAgeMs = options.checkpointMaxAgeMs;
  /** The newest read of the checkpoint, by when it began; a read under way. */
  let recent: { checkpoint: CommittedCheckpoint | undefined; startedAt: number } | undefined;
  let reading: Promise<CommittedCheckpoint | undefined> | undefined;

  /** A fresh read (shared with any request that comes while it runs). */
  function readCheckpoint(): Promise<CommittedCheckpoint | undefined> {
    if (reading) return reading;
    const startedAt = now();
    reading = readCommittedCheckpoint(options.reader)
      .then((checkpoint) => {
        if (!recent || startedAt >= recent.startedAt) recent = { checkpoint, startedAt };
        return checkpoint;
      })
      .finally(() => (reading = undefined));
    return reading;
  }

  /** The checkpoint read under way or begun within `maxAgeMs`, else a new read. */
  function sharedCheckpoint(): Promise<CommittedCheckpoint | undefined> {
    if (reading) return reading;
    if (recent && now() - recent.startedAt <= maxAgeMs) return Promise.resolve(recent.checkpoint);
    return readCheckpoint();
  }

  async function freshness(checkpoint: CommittedCheckpoint | undefined): Promise<Freshness> {
    const head = options.head ? await options.head().catch(() => undefined) : undefined;
    const position = checkpoint?.position ?? 0n;
    const behind = head === undefined ? undefined : head > position ? head - position : 0n;
    const committedAt = checkpoint?.committedAt;
    const at = now();
    return {
      position: checkpoint ? position.toString() : null,
      committedAt: committedAt?.toISOString() ?? null,
      head: head?.toString() ?? null,
      eventsBehind: behind?.toString() ?? null,
      lagSeconds: behind === undefined ? null : behind === 0n ? 0 : committedAt ? Math.max(0, (at - committedAt.getTime()) / 1000) : null,
      dataAsOf: behind === 0n ? new Date(at).toISOString() : (committedAt?.toISOString() ?? null),
    };
  }

  /** The checkpoint once it reaches `min` (undefined: at once), or the error saying how far it fell short. */
  async function checkpointAtLeast(min: bigint | undefined): Promise<{ checkpoint: CommittedCheckpoint | undefined; short?: Error }> {
    const deadline = now() + options.minPositionWaitMs;
    for (let first = true; ; first = false) {
      // A shared read serves when it is recent enough and far enough; then only new reads.
      const checkpoint = await (first ? sharedCheckpoint() : readCheckpoint());
      if (first && min !== undefined && (checkpoint?.position ?? 0n) < min) continue;
      const position = checkpoint?.position ?? 0n;
      if (min === undefined || position >= min) return { checkpoint };
      if (now() >= deadline) {
        return {
          checkpoint,
          short: createGraphQLError(
            `the projections have committed log position ${position}, ${min - position} events short of the requested ${min}, after waiting ${options.minPositionWaitMs} ms; retry later`,
            { extensions: { code: 'PROJECTIONS_BEHIND', http: { status: 503 }, position: position.toString(), minPosition: min.toString(), eventsBehind: (min - position).toString() } },
          ),
        };
      }
      await sleep(pollMs);
    }
  }

  function minPosition(request: Request | undefined): bigint | Error | undefined {
    const value = request?.headers.get(MIN_POSITION_HEADER);
    if (value == null || value === '') return undefined;
    if (!/^\d{1,20}$/.test(value.trim())) {
      return createGraphQLError(`${MIN_POSITION_HEADER} must be a log position (digits), got ${JSON.stringify(value)}`, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
    }
    return BigInt(value.trim());
  }

  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const min = minPosition(args.contextValue.request);
      if (min instanceof Error) return setResultAndStopExecution({ errors: [min] });
      // Without a readable checkpoint an answer without freshness beats no answer; a requested
      // minimum position cannot be promised then.
      const { checkpoint, short } = await checkpointAtLeast(min).catch((error: unknown) => {
        if (min !== undefined) throw error;
        return { checkpoint: undefined, short: undefined };
      });
      const fresh = await freshness(checkpoint);
      if (short) return setResultAndStopExecution({ errors: [short], extensions: { freshness: fresh } });
      return {
        onExecuteDone({ result, setResult }) {
          // Incremental delivery is not used here: a single result carries the freshness.
          if (Symbol.asyncIterator in result) return;
          setResult({ ...result, extensions: { ...result.extensions, freshness: fresh } });
        },
      };
    },
    onSubscribe() {
      // Each pushed payload says what it was read at (a screen shows it and turns stale on it).
      return {
        onSubscribeResult() {
          return {
            async onNext({ result, setResult }) {
              const known = options.knownCheckpoint?.();
              const fresh = await (known ? freshness(known) : sharedCheckpoint().then(freshness)).catch(() => undefined);
              if (fresh) setResult({ ...result, extensions: { ...result.extensions, freshness: fresh } });
            },
          };
        },
      };
    },
  };
}
