import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { FAMILIES, RegionCode, type Family } from '@redstream/schema';

/**
 * API keys. A key is 32 random bytes, so a plain SHA-256 is enough to store it safely (slow
 * hashes such as scrypt defend guessable passwords, and would cost every request milliseconds).
 * Only hashes are kept, in memory and in the keys file; the plaintext is shown once at creation.
 */
export const ROLES = ['writer', 'analyst', 'screen', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ApiKeyEntry = z.strictObject({
  id: z.string().regex(/^[\w.:-]{1,64}$/, 'must be 1-64 letters, digits, _ . : -'),
  /** `sha256:<64 hex>` of the plaintext key. */
  hash: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 hex digits>'),
  roles: z.array(z.enum(ROLES)).min(1),
  /** Fact families a writer key may write; omitted = none (admin keys may write all). */
  families: z.array(z.enum(FAMILIES as [Family, ...Family[]])).default([]),
  /** Facts outside this region (and everything beneath it) are refused. */
  regionCode: RegionCode.optional(),
  label: z.string().max(200).optional(),
  createdAt: z.string().optional(),
});
export type ApiKeyEntry = z.infer<typeof ApiKeyEntry>;

export const KeysFile = z.strictObject({ keys: z.array(ApiKeyEntry) });

/** Who is calling: resolved from `Authorization: Bearer <key>`. */
export interface Principal {
  keyId: string;
  roles: ReadonlySet<Role>;
  families: ReadonlySet<Family>;
  regionCode?: string | undefined;
}

export const hashKey = (plaintext: string): string => `sha256:${createHash('sha256').update(plaintext, 'utf8').digest('hex')}`;

export const ADMIN_KEY_ID = 'admin';

/**
 * The keys a process accepts, looked up by hash. The keys file can change while the process runs
 * (`redstream keys create|revoke`, see watchKeysFile): `replace` swaps the whole set at once and
 * tells the `onRevoked` listeners which keys left or changed, so what they opened closes.
 */
export class KeyRing {
  private byHash = new Map<string, Principal>();
  private readonly revokedListeners = new Set<(keyIds: ReadonlySet<string>) => void>();

  constructor(
    entries: readonly ApiKeyEntry[],
    private readonly adminKey?: string,
  ) {
    this.byHash = this.principals(entries);
  }

  private principals(entries: readonly ApiKeyEntry[]): Map<string, Principal> {
    const byHash = new Map<string, Principal>();
    for (const entry of entries) {
      const isAdmin = entry.roles.includes('admin');
      byHash.set(entry.hash, {
        keyId: entry.id,
        roles: new Set(entry.roles),
        families: new Set(isAdmin ? FAMILIES : entry.families),
        regionCode: isAdmin ? undefined : entry.regionCode,
      });
    }
    if (this.adminKey) byHash.set(hashKey(this.adminKey), { keyId: ADMIN_KEY_ID, roles: new Set(ROLES), families: new Set(FAMILIES) });
    return byHash;
  }

  get size(): number {
    return this.byHash.size;
  }

  /** The principal of a plaintext key, or undefined for an unknown key. */
  resolve(plaintext: string): Principal | undefined {
    // Looking up by hash leaks no timing about the key itself: the hash of a guess reveals nothing.
    return this.byHash.get(hashKey(plaintext));
  }

  /**
   * Accepts exactly `entries` (and the bootstrap admin key) from now on. Returns the ids of keys
   * revoked: gone, or changed in roles, families or region (what was opened under the old grant
   * must not outlive it).
   */
  replace(entries: readonly ApiKeyEntry[]): ReadonlySet<string> {
    const next = this.principals(entries);
    const revoked = new Set<string>();
    for (const [hash, before] of this.byHash) {
      const after = next.get(hash);
      if (!after || grant(after) !== grant(before)) revoked.add(before.keyId);
    }
    this.byHash = next;
    if (revoked.size > 0) for (const listener of this.revokedListeners) listener(revoked);
    return revoked;
  }

  /** Calls `listener` with the ids of revoked keys after every `replace` that revokes some. */
  onRevoked(listener: (keyIds: ReadonlySet<string>) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }
}

const grant = (p: Principal): string => JSON.stringify([p.keyId, [...p.roles].sort(), [...p.families].sort(), p.regionCode ?? null]);

export interface NewKeySpec {
  id: string;
  roles: Role[];
  families?: Family[];
  regionCode?: string;
  label?: string;
}

/** Creates a key: the plaintext to hand over once, and the entry (hash only) to store. */
export function createApiKey(spec: NewKeySpec, now = new Date()): { plaintext: string; entry: ApiKeyEntry } {
  const plaintext = `rsk_${randomBytes(32).toString('base64url')}`;
  const entry = ApiKeyEntry.parse({ ...spec, families: spec.families ?? [], hash: hashKey(plaintext), createdAt: now.toISOString() });
  return { plaintext, entry };
}
