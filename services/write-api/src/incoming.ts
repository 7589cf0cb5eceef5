import { parseFact } from '@redstream/schema';
import type { IncomingFact } from './fact-writer.ts';

/** Schema-checks one fact from outside, keeping the id it claims so its refusal can name it. */
export function incomingFact(input: unknown): IncomingFact {
  const parsed = parseFact(input);
  if (parsed.ok) return parsed;
  const claimed = typeof input === 'object' && input !== null ? (input as { id?: unknown }).id : undefined;
  return { ...parsed, id: typeof claimed === 'string' && claimed.length <= 64 ? claimed : undefined };
}
