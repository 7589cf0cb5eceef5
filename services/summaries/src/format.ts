import { fenToYuan } from '@redstream/queries';

/** Number formatting for the narrative and tables: exact yuan in tables, rounded units in prose. */
export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** 123456789n fen → "1,234,567.89" (exact). */
export function yuan(fen: bigint): string {
  const [whole, cents] = fenToYuan(fen).split('.');
  const negative = whole!.startsWith('-');
  return `${negative ? '-' : ''}${group(negative ? whole!.slice(1) : whole!)}.${cents}`;
}

/** fen divided by `unit` fen, rounded half away from zero to two decimals, as text. */
function scaled(fen: bigint, unit: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const hundredths = (abs * 100n * 2n + unit) / (2n * unit);
  const text = `${group((hundredths / 100n).toString())}.${(hundredths % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** Amount in prose: 万元 / 亿元 in Chinese, million / billion yuan in English. */
export function money(fen: bigint, lang: Lang): string {
  const abs = fen < 0n ? -fen : fen;
  if (lang === 'zh-CN') {
    if (abs >= 10_000_000_000n) return `${scaled(fen, 10_000_000_000n)}亿元`;
    if (abs >= 1_000_000n) return `${scaled(fen, 1_000_000n)}万元`;
    return `${yuan(fen)}元`;
  }
  if (abs >= 100_000_000_000n) return `${scaled(fen, 100_000_000_000n)} billion yuan`;
  if (abs >= 100_000_000n) return `${scaled(fen, 100_000_000n)} million yuan`;
  return `${yuan(fen)} yuan`;
}

export const count = (n: number): string => group(String(n));

export const percent = (ratio: number): string => `${(Math.abs(ratio) * 100).toFixed(1)}%`;

/** "同比增长25.0%" / "up 25.0% year on year"; the caller handles null (no comparison). */
export function change(ratio: number, lang: Lang): string {
  if (lang === 'zh-CN') return ratio > 0 ? `同比增长${percent(ratio)}` : ratio < 0 ? `同比下降${percent(ratio)}` : '与上年持平';
  return ratio > 0 ? `up ${percent(ratio)} year on year` : ratio < 0 ? `down ${percent(ratio)} year on year` : 'level with the year before';
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export const PARTY_STATUS_LABEL: Record<Lang, Record<string, string>> = {
  'zh-CN': { none: '群众', applicant: '入党申请人', activist: '入党积极分子', probationary: '预备党员', member: '正式党员' },
  en: { none: 'not a Party member', applicant: 'applicant', activist: 'activist', probationary: 'probationary member', member: 'full member' },
};

export const TOPIC_LABEL: Record<Lang, Record<string, string>> = {
  'zh-CN': { logistics: '物流', finance: '融资', platform: '平台', training: '培训', venue: '场地', other: '其他' },
  en: { logistics: 'logistics', finance: 'finance', platform: 'platform', training: 'training', venue: 'venue', other: 'other' },
};
