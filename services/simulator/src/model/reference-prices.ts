import { FARM_VILLAGES } from './geography.ts';

/**
 * What the villages' produce fetched at the farm gate before live commerce, fen per 斤 (the
 * reference for the farmer's premium: paid − reference × quantity). Rough 2024 prices, 3 % a year.
 */
const FARM_GATE_FEN_PER_JIN: Record<string, number> = {
  沂蒙煎饼: 800, 小米: 600, 金银花茶: 4_000, 花生: 500, 大樱桃: 1_500, 板栗: 800, 黄桃: 300, 蜂蜜: 3_000, 鲜鸡蛋: 600, 土鸡: 2_500,
  小杂粮: 500, 红薯粉条: 900, 蒙阴蜜桃: 300, 苹果: 350, 黄桃罐头: 1_000, 兰陵大蒜: 400, 蔬菜礼盒: 500, 沂水苹果: 350, 红色研学煎饼: 900,
  金银花: 3_000, 山楂: 400, 沂南黄瓜: 250, 沂蒙小米: 700,
};
export const REFERENCE_UNIT = '斤';

const priceIn = (product: string, year: number): number => Math.round((FARM_GATE_FEN_PER_JIN[product] ?? 500) * 1.03 ** (year - 2024));

/** One reference price per county and product for a calendar year (the county is the village code's first 6 digits). */
export function referencePrices(year: number): { regionCode: string; product: string; unit: string; priceFen: number; validFrom: string; validTo: string }[] {
  const seen = new Set<string>();
  const out = [];
  for (const v of FARM_VILLAGES) {
    for (const product of v.produce) {
      const county = v.code.slice(0, 6);
      if (seen.has(`${county}|${product}`)) continue;
      seen.add(`${county}|${product}`);
      out.push({ regionCode: county, product, unit: REFERENCE_UNIT, priceFen: priceIn(product, year), validFrom: `${year}-01-01`, validTo: `${year}-12-31` });
    }
  }
  return out;
}

/**
 * What a payout of `amountFen` to a household of village `village` was for: the village's first
 * produce, in 斤, at 15–35 % above the reference price (by a hash of the household, so no random
 * draw of the simulation moves).
 */
export function producePaid(village: number, householdId: string, amountFen: number, year: number): { quantity: number; unit: string; product: string } {
  const product = FARM_VILLAGES[village]!.produce[0]!;
  let h = 2166136261;
  for (let i = 0; i < householdId.length; i++) h = Math.imul(h ^ householdId.charCodeAt(i), 16777619);
  const above = 1.15 + 0.2 * ((h >>> 0) / 2 ** 32);
  const quantity = Math.max(0.1, Math.round((amountFen / (priceIn(product, year) * above)) * 10) / 10);
  return { quantity, unit: REFERENCE_UNIT, product };
}
