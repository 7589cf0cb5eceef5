import { createHash } from 'node:crypto';

/**
 * Ids for CSV rows that bring none. A row's id is a UUID v5 of its fact type and content (cells
 * sorted by column name, empty cells left out), not of file name and line: an upload has no
 * trustworthy file name, a re-export with rows in another order must still dedupe, and every
 * fact type carries its own entity id (orderId, paymentId …), so equal content is the same fact.
 */
const NAMESPACE = '6f1c3b0e-2a57-4f0e-9d3e-8c1b7a5e4d21';

export function uuidV5(name: string, namespace = NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function csvRowFactId(type: string, row: Record<string, string>): string {
  const cells = Object.entries(row)
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return uuidV5(`${type}\n${JSON.stringify(cells)}`);
}
