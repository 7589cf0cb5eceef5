import { Platform } from '@redstream/schema';
import type { Rng } from '../random.ts';
import { CATEGORIES } from './categories.ts';
import { LANSHAN_TOWNS } from './geography.ts';
import { streamerName } from './names.ts';
import type { ParkState, StreamerState } from './state.ts';

const PLATFORM_WEIGHTS: Record<Platform, number> = { douyin: 0.45, kuaishou: 0.3, taobao: 0.12, wechat_channels: 0.1, other: 0.03 };
const PLATFORMS = Platform.options;
const INITIAL_PARTY = [0.8, 0.07, 0.05, 0.02, 0.06];

/**
 * Followers are lognormal with the tail fitted to the profile: P(followers > 1M) equals
 * streamersOverMillion / streamers (175 / 97,000 for Lanshan → z ≈ 2.91).
 */
export function followerDistribution(overMillionShare: number): { mu: number; sigma: number } {
  const sigma = 2;
  const z = inverseNormalTail(overMillionShare);
  return { mu: Math.log(1_000_000) - z * sigma, sigma };
}

/** z with P(Z > z) = p, by bisection on the complementary error function (p in (0, 0.5)). */
function inverseNormalTail(p: number): number {
  let lo = 0, hi = 8;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalTail(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function normalTail(z: number): number {
  // Abramowitz–Stegun 7.1.26 for erfc(z/√2)/2
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return (y * Math.exp(-x * x)) / 2;
}

export function newStreamer(rng: Rng, index: number, day: number, parks: readonly ParkState[], followers: { mu: number; sigma: number }): StreamerState {
  const park = rng.chance(0.7) ? rng.pick(parks) : undefined;
  const count = Math.round(rng.lognormal(followers.mu, followers.sigma));
  return {
    id: `s${String(index).padStart(6, '0')}`,
    displayName: streamerName(rng, index),
    platform: PLATFORMS[rng.weighted(PLATFORMS.map((p) => PLATFORM_WEIGHTS[p]))]!,
    category: rng.weighted(CATEGORIES.map((c) => c.share)),
    regionCode: park ? park.regionCode : rng.pick(LANSHAN_TOWNS).code,
    parkId: park?.id,
    followers: count,
    partyStatus: (['none', 'applicant', 'activist', 'probationary', 'member'] as const)[rng.weighted(INITIAL_PARTY)]!,
    registeredDay: day,
    // Sales follow reach, sub-linearly, with a personal factor (some sell far above their reach).
    weight: Math.pow(count + 50, 0.85) * rng.lognormal(0, 0.6),
  };
}
