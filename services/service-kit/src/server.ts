import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { envDefaults, type Env } from './env.ts';
import { errorHandler, notFoundHandler } from './errors.ts';

export interface ServerOptions {
  logLevel?: Env['LOG_LEVEL'];
  /** Human-readable log lines (pino-pretty) instead of JSON: development on a terminal. */
  pretty?: boolean;
  /** Requests not logged on arrival and completion (errors still are), e.g. the demo's own writes. */
  quietRequest?: (request: { headers: Record<string, string | string[] | undefined> }) => boolean;
  bodyLimit?: number;
  idleTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/**
 * Every redstream service starts from this fastify server: request ids (a sane incoming
 * `x-request-id` is kept, so a trace crosses services), the API key redacted from logs, errors
 * answered as `{ error, message }` without internals.
 */
export function createServer(options: ServerOptions = {}): FastifyInstance {
  const defaults = envDefaults();
  const app = Fastify({
    logger: {
      level: options.logLevel ?? defaults.LOG_LEVEL,
      ...(options.pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true } } } : {}),
      redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'], censor: '[redacted]' },
      serializers: {
        // A key sent as ?key= (pages opened by address) never reaches the log.
        req: (req: { method: string; url: string; id?: string; ip?: string }) => ({
          method: req.method,
          url: req.url.replace(/([?&]key=)[^&#]*/g, '$1[redacted]'),
          id: req.id,
          remoteAddress: req.ip,
        }),
      },
    },
    requestIdHeader: 'x-request-id',
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: options.bodyLimit ?? defaults.REDSTREAM_BODY_LIMIT_BYTES,
    connectionTimeout: options.idleTimeoutMs ?? defaults.REDSTREAM_HTTP_IDLE_TIMEOUT_MS,
    requestTimeout: options.requestTimeoutMs ?? defaults.REDSTREAM_HTTP_REQUEST_TIMEOUT_MS,
    return503OnClosing: true,
    ...(options.quietRequest ? { logController: new LogController({ disableRequestLogging: options.quietRequest as (req: object) => boolean }) } : {}),
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  return app;
}

/** A request the demo (`npm start`) sent itself: `x-redstream-sender: demo`. */
export const DEMO_SENDER_HEADER = 'x-redstream-sender';

export const serverOptionsFromEnv = (env: Env): ServerOptions => ({
  logLevel: env.LOG_LEVEL,
  // A person reads a terminal; production and anything piped (containers, log shippers) keep JSON.
  pretty: env.NODE_ENV === 'development' && process.stdout.isTTY === true,
  bodyLimit: env.REDSTREAM_BODY_LIMIT_BYTES,
  idleTimeoutMs: env.REDSTREAM_HTTP_IDLE_TIMEOUT_MS,
  requestTimeoutMs: env.REDSTREAM_HTTP_REQUEST_TIMEOUT_MS,
});
