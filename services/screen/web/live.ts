import { createClient, NetworkError, type Client } from 'graphql-sse';
import type { Freshness, LiveFigures, ScreenConfig } from './figures.ts';

export type LinkState = 'connecting' | 'live' | 'reconnecting' | 'error';

export interface LiveOptions {
  config: ScreenConfig;
  key: string;
  onFigures: (figures: LiveFigures, freshness: Freshness | undefined) => void;
  onState: (state: LinkState, detail?: string) => void;
  /** No payload for this long means a dead connection (the server pushes at least every 30 s). */
  watchdogMs?: number;
  /** Longest wait between reconnect attempts. */
  maxBackoffMs?: number;
  /** A URL that answers 2xx while the server is up (`/screen/alive`). */
  probeUrl?: string;
  /** Probe this often when no payload came for as long. */
  probeEveryMs?: number;
  /** A probe not answered within this fails (a refused connection fails at once). */
  probeTimeoutMs?: number;
}

/**
 * Follows the scope's figures over the `liveFigures` subscription (GraphQL over SSE, distinct
 * connection mode, the persisted `screen-live` operation). Never gives up: a closed stream, a
 * network error, a server restart or a silent connection (watchdog) end the attempt and a new
 * subscription starts after a capped, jittered backoff; the first payload of every subscription
 * is the scope's full current state, so the screen catches up by itself.
 */
export function followLiveFigures(options: LiveOptions): { stop(): void } {
  const watchdogMs = options.watchdogMs ?? 75_000;
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  const client: Client = createClient({
    url: options.config.graphqlUrl,
    headers: { authorization: `Bearer ${options.key}` },
    // Reconnection is ours (below), with no attempt limit.
    retryAttempts: 0,
  });
  let attempt = 0;
  let failures = 0;
  let stopped = false;
  let dispose: (() => void) | undefined;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  // An open stream says nothing when the server hangs, shuts down slowly or the network drops
  // packets silently: the stream only fails after the watchdog. A tiny probe while no payload
  // comes lets the page say it is offline within seconds (the issue asks for 5).
  const probeUrl = options.probeUrl;
  const probeEveryMs = options.probeEveryMs ?? 1000;
  const probeTimeoutMs = options.probeTimeoutMs ?? 3000;
  let lastPayloadAt = Date.now();
  let probing = false;
  const probe = async () => {
    if (!probeUrl || stopped || probing || retryTimer !== undefined || Date.now() - lastPayloadAt < probeEveryMs) return;
    probing = true;
    const id = attempt;
    try {
      const response = await fetch(probeUrl, { cache: 'no-store', signal: AbortSignal.timeout(probeTimeoutMs) });
      if (!response.ok) throw new Error(`answered ${response.status}`);
    } catch (err) {
      end(id, `server unreachable (${err instanceof Error ? err.message : String(err)})`);
    } finally {
      probing = false;
    }
  };
  const prober = setInterval(() => void probe(), probeEveryMs);

  const arm = (id: number) => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => id === attempt && end(id, 'no data for too long'), watchdogMs);
  };

  const connect = () => {
    retryTimer = undefined;
    if (stopped) return;
    const id = ++attempt;
    options.onState(failures ? 'reconnecting' : 'connecting');
    arm(id);
    dispose = client.subscribe<{ liveFigures: LiveFigures }>(
      {
        query: '',
        variables: { scope: options.config.scope },
        extensions: { persistedQuery: { version: 1, sha256Hash: options.config.operationHash } },
      },
      {
        next(result) {
          if (id !== attempt || stopped) return;
          if (result.errors?.length || !result.data) {
            end(id, result.errors?.map((e) => e.message).join('; ') ?? 'empty result', 30_000);
            return;
          }
          failures = 0;
          lastPayloadAt = Date.now();
          arm(id);
          options.onState('live');
          options.onFigures(result.data.liveFigures, (result.extensions as { freshness?: Freshness } | undefined)?.freshness);
        },
        error(err) {
          if (id !== attempt) return;
          const response = err instanceof NetworkError ? err.response : undefined;
          if (response && (response.status === 401 || response.status === 403)) {
            end(id, response.status === 401 ? '密钥无效：请以 /screen?key=<大屏密钥> 打开' : '密钥无权查看此范围', 30_000);
          } else end(id, err instanceof Error ? err.message : String(err));
        },
        complete() {
          if (id === attempt) end(id, 'stream closed');
        },
      },
    );
  };

  /** Ends attempt `id` and schedules the next one. */
  const end = (id: number, reason: string, minDelayMs = 0) => {
    if (id !== attempt || stopped) return;
    attempt++;
    clearTimeout(watchdog);
    const d = dispose;
    dispose = undefined;
    d?.();
    failures++;
    const backoff = Math.min(maxBackoffMs, 250 * 2 ** Math.min(failures - 1, 8));
    const delay = Math.max(minDelayMs, backoff * (0.75 + Math.random() * 0.5));
    options.onState(minDelayMs ? 'error' : 'reconnecting', reason);
    retryTimer = setTimeout(connect, delay);
  };

  // Back online: try now rather than at the end of the backoff.
  const online = () => {
    if (retryTimer === undefined || stopped) return;
    clearTimeout(retryTimer);
    connect();
  };
  // The browser knows the network went away (cable, Wi-Fi): end the attempt now rather than wait
  // for the watchdog, so the page says it is offline at once.
  const offline = () => end(attempt, 'network offline');
  window.addEventListener('online', online);
  window.addEventListener('offline', offline);
  connect();

  return {
    stop() {
      stopped = true;
      clearInterval(prober);
      clearTimeout(watchdog);
      clearTimeout(retryTimer);
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      dispose?.();
      client.dispose();
    },
  };
}
