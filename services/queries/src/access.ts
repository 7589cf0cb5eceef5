import { GraphQLError } from 'graphql';
import { RegionCode, regionCovers, regionPrefix } from '@redstream/schema';
import type { Reader } from './reader.ts';

/**
 * Who asks, as the query layer sees it. The region scope of an API key is applied here, below
 * every resolver, so breakdowns, top-N, comparisons and live figures can only ever read rows
 * inside it.
 */
export interface QueryContext {
  reader: Reader;
  /** The caller's region scope; undefined = everything. */
  scopeRegion?: string | undefined;
}

export class ForbiddenRegionError extends GraphQLError {
  constructor(requested: string, scope: string) {
    super(`region ${requested} is outside this API key's scope (${scope})`, { extensions: { code: 'FORBIDDEN' } });
  }
}

export class InvalidRegionError extends GraphQLError {
  constructor(value: string) {
    super(`regionCode must be a GB/T 2260 code of 6, 9 or 12 digits, got ${JSON.stringify(value)}`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
}

/**
 * The region a query may read: the intersection of the requested region and the key's scope.
 * Regions nest, so the intersection is the narrower of the two when one covers the other and
 * empty otherwise — which is refused, never answered with zeros that look like data.
 */
export function effectiveRegion(requested: string | null | undefined, scope: string | undefined): string | undefined {
  if (requested != null && !RegionCode.safeParse(requested).success) throw new InvalidRegionError(requested);
  if (scope === undefined) return requested ?? undefined;
  if (requested == null) return scope;
  if (regionCovers(scope, requested)) return requested;
  if (regionCovers(requested, scope)) return scope;
  throw new ForbiddenRegionError(requested, scope);
}

/** The `startsWith` prefix of the effective region, or undefined for everything. */
export function regionPrefixFor(ctx: QueryContext, requested: string | null | undefined): string | undefined {
  const region = effectiveRegion(requested, ctx.scopeRegion);
  return region === undefined ? undefined : regionPrefix(region);
}
