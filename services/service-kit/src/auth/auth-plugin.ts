import type { ServerResponse } from 'node:http';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { KeyRing, Principal, Role } from './api-keys.ts';
import { hasAnyRole } from './scope.ts';
import { errorBody } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, when it sent a known key; null otherwise (see `authProblem`). */
    principal: Principal | null;
    /** Why there is no principal: no key sent, or an unknown one. */
    authProblem: string | null;
  }
}

const BEARER = /^Bearer\s+(\S{1,512})\s*$/i;

/**
 * Pages a browser opens by address (the big screen, a summary's HTML or PDF) cannot send a
 * header, so a GET may carry the key as `?key=`. Only GETs, so no write is ever authorised by a
 * URL; the server's log serializer strips the parameter (see server.ts).
 */
function keyFromQuery(request: FastifyRequest): string | undefined {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  const key = (request.query as Record<string, unknown> | undefined)?.key;
  return typeof key === 'string' && key.length > 0 ? `Bearer ${key}` : undefined;
}

/**
 * Resolves `Authorization: Bearer <key>` to `request.principal` on every request, without
 * refusing anything itself: routes decide with `requireRole`. Mounted with fastify-plugin so
 * every service in the process shares one key ring.
 *
 * A key revoked while the process runs is unknown from its next request on; what it has open
 * right now — a subscription's event stream, an import still uploading — is cut off, so no
 * answer outlives the grant it was given under. Each response in flight is therefore kept, by
 * key id, until it closes.
 */
export const authPlugin = fp<{ keyRing: KeyRing }>(
  async (app, { keyRing }) => {
    app.decorateRequest('principal', null);
    app.decorateRequest('authProblem', null);
    const inFlight = new Map<string, Set<ServerResponse>>();
    const stop = keyRing.onRevoked((keyIds) => {
      for (const keyId of keyIds) {
        for (const response of inFlight.get(keyId) ?? []) response.destroy();
        inFlight.delete(keyId);
      }
    });
    app.addHook('onClose', async () => void stop());
    app.addHook('onRequest', async (request, reply) => {
      const header = request.headers.authorization ?? keyFromQuery(request);
      if (!header) {
        request.authProblem = 'missing API key: send Authorization: Bearer <key>';
        return;
      }
      const match = BEARER.exec(header);
      const principal = match ? keyRing.resolve(match[1]!) : undefined;
      if (!principal) {
        request.authProblem = match ? 'unknown API key' : 'malformed Authorization header: expected Bearer <key>';
        return;
      }
      request.principal = principal;
      const open = inFlight.get(principal.keyId) ?? new Set<ServerResponse>();
      inFlight.set(principal.keyId, open);
      open.add(reply.raw);
      reply.raw.once('close', () => {
        open.delete(reply.raw);
        if (open.size === 0 && inFlight.get(principal.keyId) === open) inFlight.delete(principal.keyId);
      });
    });
  },
  { name: '@redstream/auth', fastify: '5.x' },
);

/** A preHandler answering 401 without a valid key and 403 when the key lacks every one of `roles`. */
export function requireRole(...roles: Role[]): preHandlerAsyncHookHandler {
  return async function (request: FastifyRequest, reply: FastifyReply) {
    const principal = request.principal;
    if (!principal) {
      return reply.status(401).header('www-authenticate', 'Bearer').send(errorBody(401, request.authProblem ?? 'missing API key'));
    }
    if (!hasAnyRole(principal, roles)) {
      return reply.status(403).send(errorBody(403, `API key ${principal.keyId} lacks the role ${roles.join(' or ')}`));
    }
  };
}
