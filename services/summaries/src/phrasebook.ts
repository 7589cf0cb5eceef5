import type { MetricDefinition } from '@redstream/queries';
import type { YearPeriod } from '@redstream/schema';
import type { ContentTable, SectionId, StatementKind, StatementOf } from './content.ts';
import type { Lang } from './format.ts';

/** What every phrase may name besides its statement's figures. */
export interface PhraseContext {
  year: number;
  /** The scope as the language names it (narrative.ts scopeName). */
  name: string;
  period: YearPeriod;
}

/**
 * One language's words for the content model (content.ts): a phrase for every kind of statement
 * (the mapped type makes a missing one a compile error), the section headings, table heads and
 * the page's title lines. No phrase decides what is said — only how.
 */
export interface Phrasebook {
  lang: Lang;
  title(c: PhraseContext): string;
  subtitle(c: PhraseContext): string;
  footer(c: PhraseContext, generatedAt: Date): string;
  headings: Record<SectionId, string>;
  tableHeads: Record<ContentTable['kind'], string[]>;
  /** The 口径 appendix: its heading, its table's head, and a metric's name in this language. */
  appendix: { heading: string; head: string[]; name(d: MetricDefinition): string };
  say: { [K in StatementKind]: (s: StatementOf<K>, c: PhraseContext) => string };
}
