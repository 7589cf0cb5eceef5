export { buildGraphqlApi, graphqlApiPlugin, type GraphqlApi, type GraphqlApiOptions } from './graphql-api.ts';
export { GraphqlEnvSchema, loadGraphqlEnv, type GraphqlEnv } from './env.ts';
export { builder } from './builder.ts';
export { schema, printedSchema } from './schema/index.ts';
export { LiveHub, type LiveHubOptions, type ProjectorBetween, type ProjectorBatchListener, type ProjectorBatches } from './live/live-hub.ts';
