import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Persisted operations for big screens: the operations in `persisted/*.graphql`, identified by the
 * SHA-256 of their text (Apollo's `extensions.persistedQuery.sha256Hash`, or `documentId`). The
 * manifest `persisted/manifest.json` is committed; a test rebuilds it and fails on drift.
 */
export const PERSISTED_DIR = new URL('../persisted/', import.meta.url).pathname;

export const operationHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The manifest built from the .graphql files: hash → { name, document }. */
export function buildManifest(dir = PERSISTED_DIR): Record<string, { name: string; document: string }> {
  const manifest: Record<string, { name: string; document: string }> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort()) {
    const document = readFileSync(join(dir, file), 'utf8');
    manifest[operationHash(document)] = { name: file.replace(/\.graphql$/, ''), document };
  }
  return manifest;
}

/** The committed manifest. */
export function loadManifest(dir = PERSISTED_DIR): Map<string, string> {
  const json = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, { name: string; document: string }>;
  return new Map(Object.entries(json).map(([hash, entry]) => [hash, entry.document]));
}
