/** Yuan as a decimal string ("1234.5", "-3.20") to integer fen; exact for any amount a screen shows. */
export function toFen(yuan: string | null | undefined): number {
  if (!yuan) return 0;
  const match = /^(-?)(\d+)(?:\.(\d{0,2})\d*)?$/.exec(yuan.trim());
  if (!match) return 0;
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -fen : fen;
}

const grouped = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0, useGrouping: true });

/** Fen as yuan with thousands separators and two places: 123456789 → "1,234,567.89". */
export function formatFen(fen: number): string {
  const negative = fen < 0;
  const abs = Math.abs(Math.round(fen));
  const text = `${grouped.format(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** A money string for a label: "1,234.50". */
export const formatYuan = (yuan: string | null | undefined): string => formatFen(toFen(yuan));

export const formatInt = (n: number): string => grouped.format(Math.round(n));

/** Large yuan for axis labels: 12,300 → "1.23万", 150,000,000 → "1.50亿". */
export function shortYuan(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e8) return `${(value / 1e8).toFixed(2)}亿`;
  if (abs >= 1e4) return `${(value / 1e4).toFixed(abs >= 1e6 ? 0 : 1)}万`;
  return value.toFixed(0);
}

/** "3 秒前", "5 分钟前", "2 小时前", "3 天前". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} 秒前`;
  if (s < 3600) return `${Math.floor(s / 60)} 分钟前`;
  if (s < 86_400) return `${Math.floor(s / 3600)} 小时前`;
  return `${Math.floor(s / 86_400)} 天前`;
}

/** The change of the last 10 minutes against the 10 before, as the panel prints it: ↑12.5% / ↓3.0% / —. */
export function formatChange(bp: number | null): { text: string; trend: 'up' | 'down' | 'none' } {
  if (bp === null) return { text: '—', trend: 'none' };
  const pct = (Math.abs(bp) / 100).toFixed(1);
  return bp > 0 ? { text: `↑${pct}%`, trend: 'up' } : bp < 0 ? { text: `↓${pct}%`, trend: 'down' } : { text: '0.0%', trend: 'none' };
}
