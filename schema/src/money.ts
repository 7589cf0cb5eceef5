/**
 * Money is integer fen everywhere below GraphQL; people read yuan as a decimal string with two
 * places. The conversions are string arithmetic on a bigint, so no amount ever passes a float.
 */

export function toFen(value: bigint | number | string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`not an exact fen amount: ${value}`);
    return BigInt(value);
  }
  if (!/^-?\d+$/.test(value)) throw new Error(`not an integer fen amount: ${JSON.stringify(value)}`);
  return BigInt(value);
}

/** 123450n → "1234.50", -5n → "-0.05". */
export function fenToYuan(fen: bigint | number | string): string {
  const value = toFen(fen);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const yuan = abs / 100n;
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${yuan}.${cents}`;
}

/** "1234.5" / "1234.50" / "1234" → 123450n; refuses more than two decimals. */
export function yuanToFen(yuan: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(yuan.trim());
  if (!match) throw new Error(`not a yuan amount with at most two decimals: ${JSON.stringify(yuan)}`);
  const [, sign, whole, frac = ''] = match;
  const fen = BigInt(whole!) * 100n + BigInt(frac.padEnd(2, '0'));
  return sign ? -fen : fen;
}

/** Integer division rounding half away from zero: the average order value of 3 orders over 100 fen is 33. */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) return 0n;
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (2n * d);
  return negative ? -q : q;
}
