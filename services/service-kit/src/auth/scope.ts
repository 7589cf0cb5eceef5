import { regionCovers, type Family } from '@redstream/schema';
import type { Principal, Role } from './api-keys.ts';

/** Why a principal may not write a fact of `family` in `regionCode`, or undefined when it may. */
export function writeRefusal(principal: Principal, family: Family, regionCode: string | undefined): string | undefined {
  if (!principal.roles.has('writer') && !principal.roles.has('admin')) return `API key ${principal.keyId} has no writer role`;
  if (!principal.families.has(family)) {
    return `API key ${principal.keyId} may not write ${family} facts (it may write: ${[...principal.families].join(', ') || 'none'})`;
  }
  if (principal.regionCode !== undefined) {
    if (regionCode === undefined) return `API key ${principal.keyId} is limited to region ${principal.regionCode}, and this fact's region is unknown`;
    if (!regionCovers(principal.regionCode, regionCode)) return `API key ${principal.keyId} is limited to region ${principal.regionCode}; this fact is in ${regionCode}`;
  }
  return undefined;
}

export const hasAnyRole = (principal: Principal, roles: readonly Role[]): boolean => principal.roles.has('admin') || roles.some((r) => principal.roles.has(r));
