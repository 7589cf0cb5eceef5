import { yuanToFen } from '@redstream/queries';
import type { AnnualFigures } from './figures.ts';
import { count, yuan, type Lang } from './format.ts';
import type { AnnualFiguresJson } from './json.ts';

/**
 * What a revision of a summary changed since the edition it replaces: facts of the year appended
 * after that edition was read (a late import, a correction). Named in the document itself, e.g.
 * "修订：补录 12 笔订单，GMV 增加 3,210.00 元".
 */
export interface RevisionChanges {
  /** Orders added (negative: fewer orders than the edition before counted). */
  orders: number;
  /** GMV change, fen. */
  gmv: bigint;
  /** Change of refunds made in the year, fen. */
  refunds: bigint;
  /** Change of farmers' income, fen (0 where the scope has none). */
  farmerIncome: bigint;
}

const fen = (yuanText: string | undefined): bigint => (yuanText === undefined ? 0n : yuanToFen(yuanText));

export function revisionChanges(previous: AnnualFiguresJson, next: AnnualFigures): RevisionChanges {
  return {
    orders: next.sales.current.orders - previous.sales.current.orders,
    gmv: next.sales.current.gmv - fen(previous.sales.current.gmv),
    refunds: next.sales.current.refunds - fen(previous.sales.current.refunds),
    farmerIncome: (next.farmerIncome?.income ?? 0n) - fen(previous.farmerIncome?.income),
  };
}

const abs = (v: bigint): bigint => (v < 0n ? -v : v);

/** The sentence a revised summary opens with, in each language. */
export function revisionNote(c: RevisionChanges, lang: Lang): string {
  const parts: string[] = [];
  if (lang === 'zh-CN') {
    if (c.orders > 0) parts.push(`补录 ${count(c.orders)} 笔订单`);
    if (c.orders < 0) parts.push(`核减 ${count(-c.orders)} 笔订单`);
    if (c.gmv !== 0n) parts.push(`GMV ${c.gmv > 0n ? '增加' : '减少'} ${yuan(abs(c.gmv))} 元`);
    if (c.refunds !== 0n) parts.push(`退款${c.refunds > 0n ? '增加' : '减少'} ${yuan(abs(c.refunds))} 元`);
    if (c.farmerIncome !== 0n) parts.push(`农户收入${c.farmerIncome > 0n ? '增加' : '减少'} ${yuan(abs(c.farmerIncome))} 元`);
    return `修订：${parts.length > 0 ? parts.join('，') : '补录的数据更新了其他数字'}`;
  }
  if (c.orders > 0) parts.push(`${count(c.orders)} late ${c.orders === 1 ? 'order' : 'orders'} recorded`);
  if (c.orders < 0) parts.push(`${count(-c.orders)} ${c.orders === -1 ? 'order' : 'orders'} withdrawn`);
  if (c.gmv !== 0n) parts.push(`GMV ${c.gmv > 0n ? 'up' : 'down'} ${yuan(abs(c.gmv))} yuan`);
  if (c.refunds !== 0n) parts.push(`refunds ${c.refunds > 0n ? 'up' : 'down'} ${yuan(abs(c.refunds))} yuan`);
  if (c.farmerIncome !== 0n) parts.push(`farmers' income ${c.farmerIncome > 0n ? 'up' : 'down'} ${yuan(abs(c.farmerIncome))} yuan`);
  return `Revision: ${parts.length > 0 ? parts.join(', ') : 'late facts changed other figures'}`;
}
