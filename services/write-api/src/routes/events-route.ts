import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { HttpError, errorBody, requireRole } from '@redstream/service-kit';
import { EventsRejectedResponse, EventsResponse, FactBatchDoc, errorResponses } from '../api-schemas.ts';
import type { FactWriter } from '../fact-writer.ts';
import { incomingFact } from '../incoming.ts';
import type { WriteMetrics } from '../write-metrics.ts';

/**
 * The documented body schema lists every fact type, but fastify must not validate against it: one
 * bad fact would refuse the whole batch, while DESIGN.md wants a result per fact. So the route
 * only checks the batch's shape here and each fact is parsed on its own by the writer.
 */
const batchShapeOnly =
  (maxFacts: number): FastifySchemaCompiler<unknown> =>
  () =>
  (body: unknown) => {
    if (!Array.isArray(body)) return { error: new HttpError(400, 'body must be a JSON array of facts { id, type, data }') };
    if (body.length > maxFacts) return { error: new HttpError(400, `at most ${maxFacts} facts per request (got ${body.length}); use POST /v1/import for bulk data`) };
    return { value: body };
  };

export function registerEventsRoute(app: FastifyInstance, deps: { writer: FactWriter; clock: () => Date; maxFacts: number; metrics: WriteMetrics }): void {
  app.post(
    '/v1/events',
    {
      preHandler: requireRole('writer'),
      validatorCompiler: batchShapeOnly(deps.maxFacts),
      schema: {
        summary: 'Record facts',
        description:
          'Each fact is validated by its schema, then by its aggregate business rules against current state, then appended. ' +
          'Results come back per fact in request order; a rejected fact does not block the others. The fact id is the idempotency key. ' +
          'A fact outside the API key scope (family or region) fails the whole request with 403 and nothing is written. ' +
          'When not one fact is accepted the answer is 422, with the same per-fact results.',
        tags: ['write'],
        security: [{ bearer: [] }],
        body: FactBatchDoc,
        response: { 200: EventsResponse, 422: EventsRejectedResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const facts = (request.body as unknown[]).map(incomingFact);
      const outcomes = await deps.writer.write(facts, { principal: request.principal!, correlationId: request.id, now: deps.clock(), scopeRefusal: 'request' });
      deps.metrics.count(outcomes, 'events');
      const results = outcomes.map(({ appended: _appended, ...result }) => result);
      // A request of which nothing was accepted is a client error as a whole (malformed or
      // refused by the rules): 422, still with the reason of each fact.
      if (results.length > 0 && results.every((r) => r.status === 'rejected')) {
        return reply.status(422).send({ ...errorBody(422, `none of the ${results.length} facts was accepted; see results for each reason`), results });
      }
      return { results };
    },
  );
}
