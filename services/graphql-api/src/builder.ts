import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ZodPlugin from '@pothos/plugin-zod';
import { GraphQLError } from 'graphql';
import { SafeIntResolver } from 'graphql-scalars';
import type { GraphqlContext } from './context.ts';
import { fenToYuan, toFen } from '@redstream/queries';

/**
 * The limits every operation is held to before any resolver runs: depth and breadth fixed by the
 * schema's shape, the cost from REDSTREAM_GRAPHQL_MAX_COST through the context (graphql-armor's
 * limits in graphql-api.ts come from the same environment).
 */
export const LIMITS = { depth: 8, breadth: 150 } as const;

/** Configures the builder only: plugins, scalars, context and auth scopes. Types live in schema/. */
export const builder = new SchemaBuilder<{
  Context: GraphqlContext;
  AuthScopes: { analyst: boolean; screen: boolean; admin: boolean };
  Scalars: {
    Money: { Input: string; Output: bigint | number | string };
    SafeInt: { Input: number; Output: number };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, ComplexityPlugin, ZodPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      analyst: ctx.principal.roles.has('analyst') || ctx.principal.roles.has('admin'),
      screen: ctx.principal.roles.has('screen') || ctx.principal.roles.has('analyst') || ctx.principal.roles.has('admin'),
      admin: ctx.principal.roles.has('admin'),
    }),
    unauthorizedError: (_parent, ctx, info) =>
      new GraphQLError(`API key ${ctx.principal.keyId} may not read ${info.parentType.name}.${info.fieldName}`, { extensions: { code: 'FORBIDDEN' } }),
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: (ctx) => ({ ...LIMITS, complexity: ctx.maxComplexity }),
    complexityError: (kind, result) => {
      const [found, max] =
        kind === 'Complexity' ? [result.complexity, result.maxComplexity] : kind === 'Depth' ? [result.depth, result.maxDepth] : [result.breadth, result.maxBreadth];
      return new GraphQLError(`query ${kind.toLowerCase()} ${found} exceeds the limit of ${max}; ask for fewer fields or smaller lists`, {
        extensions: { code: 'QUERY_TOO_COMPLEX' },
      });
    },
  },
  zod: {
    validationError: (error) => new GraphQLError(error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), { extensions: { code: 'BAD_USER_INPUT' } }),
  },
});

/** The builder's type parameters, for field helpers shared by several object types. */
export type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** Readers of figures: analysts, screens and admins. */
export const READ = { $any: { analyst: true, screen: true, admin: true } } as const;

builder.scalarType('Money', {
  description: 'An exact amount in yuan: a decimal string with two places ("1234.50"), computed from integer fen.',
  serialize: (value) => fenToYuan(toFen(value)),
  parseValue: (value) => {
    if (typeof value !== 'string' || !/^-?\d+(\.\d{1,2})?$/.test(value)) throw new GraphQLError('Money must be a decimal string with at most two places');
    return value;
  },
});

// Audience counts summed over sessions pass GraphQL's 32-bit Int: a region's year of cumulative
// viewers reached 16.6 billion in the dashboard bench (50 M snapshots). graphql-scalars' SafeInt is
// still a JSON number, exact to 2^53 − 1, so clients read it as they read an Int.
builder.addScalarType('SafeInt', SafeIntResolver);

builder.queryType({});
builder.subscriptionType({});
