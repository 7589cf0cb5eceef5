import { RegionCode, regionCovers } from '@redstream/schema';

/**
 * What a summary covers: a region code at any level (and everything beneath it), a park, or an
 * industry Party committee. Written as a string in URLs, file names and REDSTREAM_SUMMARY_SCOPES:
 * `371302`, `park-<parkId>`, `committee-<committeeId>`.
 */
export type Scope = { kind: 'region'; regionCode: string } | { kind: 'park'; parkId: string } | { kind: 'committee'; committeeId: string };

const ID = /^[\w.:-]{1,64}$/;

export class InvalidScopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidScopeError';
  }
}

export function parseScope(value: string): Scope {
  const v = value.trim();
  if (RegionCode.safeParse(v).success) return { kind: 'region', regionCode: v };
  const park = /^park-(.+)$/.exec(v);
  if (park && ID.test(park[1]!)) return { kind: 'park', parkId: park[1]! };
  const committee = /^committee-(.+)$/.exec(v);
  if (committee && ID.test(committee[1]!)) return { kind: 'committee', committeeId: committee[1]! };
  throw new InvalidScopeError(`scope must be a region code (6, 9 or 12 digits), park-<id> or committee-<id>, got ${JSON.stringify(value)}`);
}

/** The scope as written in URLs and file names (safe as a file name: no slashes, no dots at the start). */
export function scopeKey(scope: Scope): string {
  switch (scope.kind) {
    case 'region':
      return scope.regionCode;
    case 'park':
      return `park-${scope.parkId}`;
    case 'committee':
      return `committee-${scope.committeeId}`;
  }
}

/** Parses `371302,371300,park-p1` (REDSTREAM_SUMMARY_SCOPES); all problems at once. */
export function parseScopeList(value: string | undefined): Scope[] {
  if (!value?.trim()) return [];
  const scopes: Scope[] = [];
  const problems: string[] = [];
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    try {
      scopes.push(parseScope(part));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) throw new InvalidScopeError(problems.join('; '));
  return scopes;
}

/** Whether a key limited to `keyRegion` (undefined = everything) may read a summary of a scope whose region is `scopeRegion`. */
export const mayRead = (keyRegion: string | undefined, scopeRegion: string): boolean => keyRegion === undefined || regionCovers(keyRegion, scopeRegion);
