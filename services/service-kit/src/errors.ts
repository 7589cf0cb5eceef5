import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** The body of every error answer: the HTTP status text and a message meant for the client. */
export interface ErrorBody {
  error: string;
  message: string;
}

/** Throw from a handler to answer with a 4xx and a message the client may read. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const errorBody = (statusCode: number, message: string): ErrorBody => ({ error: STATUS_CODES[statusCode] ?? 'Error', message });

/**
 * Turns any error into `{ error, message }`. Client errors (fastify's own: bad JSON, body too
 * large, wrong content type, schema validation; ours: HttpError) keep their message; anything else
 * is a 500 that names only the request id, so internals never leak, and is logged in full.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.validation ? 400 : (error.statusCode ?? 500);
  if (error instanceof HttpError) {
    // Ours, meant for the client, even when it is a 503 "try again".
    void reply.status(status).send(errorBody(status, error.message));
    return;
  }
  if (status >= 400 && status < 500) {
    request.log.info({ status, code: error.code, message: error.message }, 'request refused');
    const message =
      error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? `unsupported content type ${JSON.stringify(request.headers['content-type'] ?? '(none)')} for ${request.method} ${request.url.split('?')[0]}`
        : error.message;
    void reply.status(status).send(errorBody(status, message));
    return;
  }
  request.log.error({ err: error }, 'request failed');
  void reply.status(status >= 500 && status < 600 ? status : 500).send(errorBody(500, `internal error; request id ${request.id}`));
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(404).send(errorBody(404, `no route ${request.method} ${request.url.split('?')[0]}`));
}
