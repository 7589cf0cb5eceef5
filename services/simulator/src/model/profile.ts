/**
 * A real region's figures at scale 1, from the seed reports (../../shared/seeds): Linyi Lanshan
 * 2020 (97,000 registered livestream sellers, 175 streamers over a million followers, 15 bases,
 * 1.5 million parcels a day, 36 billion yuan of livestream GMV) and Xinyu's ratios for what
 * Lanshan's report does not give (warm stations, farm sales and the farmers they paid, parcel
 * savings). A run multiplies them by its scale factor; structures a demo cannot do without
 * (a park, a committee, a few villages) keep a floor.
 */
export interface RegionProfile {
  name: string;
  streamers: number;
  /** Streamers above a million followers: the follower distribution's tail is fitted to it. */
  streamersOverMillion: number;
  parks: number;
  parcelsPerDay: number;
  gmvYuanPerYear: number;
  warmStations: number;
  /** Farming households paid from livestream farm sales (Xinyu: 1,315 for 3,000 streamers). */
  farmHouseholds: number;
  /** Share of farm sales revenue paid on to households. */
  farmerShare: number;
  trainingSessionsPerYear: number;
  /** Yearly growth of volume and of the streamer population within a run. */
  growthPerYear: number;
}

export const LANSHAN_2020: RegionProfile = {
  name: '临沂市兰山区',
  streamers: 97_000,
  streamersOverMillion: 175,
  parks: 15,
  parcelsPerDay: 1_500_000,
  gmvYuanPerYear: 36_000_000_000,
  warmStations: 1_300,
  farmHouseholds: 42_000,
  farmerShare: 0.6,
  trainingSessionsPerYear: 2_500,
  growthPerYear: 0.18,
};

/** Counts for one run: the profile times the scale, with floors that keep a demo meaningful. */
export interface ScaledCounts {
  streamers: number;
  parks: number;
  parcelsPerDay: number;
  gmvFenPerDay: number;
  warmStations: number;
  farmHouseholds: number;
  trainingSessionsPerYear: number;
}

export function scaledCounts(profile: RegionProfile, scale: number): ScaledCounts {
  if (!(scale > 0 && scale <= 1)) throw new Error(`scale must be in (0, 1], got ${scale}`);
  const at = (n: number, floor: number) => Math.max(floor, Math.round(n * scale));
  return {
    streamers: at(profile.streamers, 12),
    parks: Math.min(profile.parks, at(profile.parks, 3)),
    parcelsPerDay: at(profile.parcelsPerDay, 100),
    gmvFenPerDay: (profile.gmvYuanPerYear * 100 * scale) / 365,
    warmStations: at(profile.warmStations, 2),
    farmHouseholds: at(profile.farmHouseholds, 24),
    trainingSessionsPerYear: at(profile.trainingSessionsPerYear, 6),
  };
}
