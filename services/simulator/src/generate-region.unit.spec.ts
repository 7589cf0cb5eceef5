import { parseFact, type Fact } from '@redstream/schema';
import { describe, expect, it } from 'vitest';
import { generateRegion, type RegionOptions } from './generate-region.ts';
import { checkReferences } from './testing/check-references.ts';
import { replayThroughDeciders } from './testing/replay-deciders.ts';

// Ten weeks around 618 at the demo scale: every kind of fact occurs, and it runs in seconds.
const options: RegionOptions = { seed: 7, from: '2025-05-01', to: '2025-07-10', scale: 0.001 };
const facts: Fact[] = [...generateRegion(options)];
const wire = (f: Fact[]) => f.map((x) => JSON.stringify(x)).join('\n');

describe('generateRegion', () => {
  it('gives byte-identical output for the same seed and options', () => {
    expect(wire([...generateRegion(options)])).toBe(wire(facts));
  });

  it('gives different facts and ids for a different seed', () => {
    const other = [...generateRegion({ ...options, seed: 8 })];
    const ids = new Set(facts.map((f) => f.id));
    expect(other.filter((f) => ids.has(f.id))).toHaveLength(0);
    expect(other.filter((f) => f.type === 'SaleRecorded').length).not.toBe(facts.filter((f) => f.type === 'SaleRecorded').length);
  });

  it('only appends when the period is extended: earlier days keep their facts and ids', () => {
    const shorter = wire([...generateRegion({ ...options, to: '2025-06-01' })]);
    expect(wire(facts).startsWith(shorter)).toBe(true);
  });

  it('produces every fact type of the catalog', () => {
    expect(new Set(facts.map((f) => f.type))).toEqual(
      new Set<string>(['ParkRegistered', 'IndustryCommitteeFounded', 'BranchFounded', 'WarmStationOpened', 'StreamerRegistered', 'PartyStatusChanged',
        'FollowersReported', 'TrainingSessionHeld', 'StreamerTrained', 'ParcelDiscountGranted', 'ParcelsShipped', 'LoanGranted', 'AwardGranted',
        'AppealRaised', 'AppealResolved', 'SaleRecorded', 'SaleRefunded', 'FarmerPaid', 'LiveSessionStarted', 'LiveSessionEnded', 'LiveAudienceReported',
        'ProduceReferencePriceSet']),
    );
  });

  it('emits only facts that parseFact accepts as sent over the wire', () => {
    const refused = facts.map((f) => ({ f, r: parseFact(JSON.parse(JSON.stringify(f))) })).filter((x) => !x.r.ok);
    expect(refused.slice(0, 3)).toEqual([]);
  });

  it('passes every business rule of the domain deciders, in output order', () => {
    const { accepted, refused } = replayThroughDeciders(facts, new Date('2025-07-10T00:00:00+08:00'));
    expect(refused.slice(0, 5)).toEqual([]);
    expect(accepted).toBe(facts.length);
  });

  it('reports the audience every minute from minuteSnapshotsFrom, with evening peaks, by the deciders\' rules', () => {
    const run = [...generateRegion({ ...options, from: '2025-06-01', to: '2025-06-04', minuteSnapshotsFrom: '2025-06-03' })];
    const snapshots = run.flatMap((f) => (f.type === 'LiveAudienceReported' ? [f.data] : []));
    const perSession = new Map<string, typeof snapshots>();
    for (const x of snapshots) perSession.set(x.sessionId, [...(perSession.get(x.sessionId) ?? []), x]);
    const sessionsOn = (day: string) => [...perSession.entries()].filter(([id]) => id.endsWith(day.replaceAll('-', '')));
    expect(sessionsOn('2025-06-02').every(([, s]) => s.length === 1)).toBe(true);
    const minutely = sessionsOn('2025-06-03');
    expect(minutely.length).toBeGreaterThan(0);
    for (const [, s] of minutely) {
      expect(s).toHaveLength(299); // 19:01 … 23:59
      expect(s.every((x, i) => i === 0 || (x.viewers! >= s[i - 1]!.viewers! && x.views! >= s[i - 1]!.views! && x.watchSeconds! >= s[i - 1]!.watchSeconds!))).toBe(true);
      const peak = s.reduce((a, b) => (b.onlineNow > a.onlineNow ? b : a));
      expect(Number(peak.at.slice(11, 13))).toBeGreaterThanOrEqual(20);
      expect(Number(peak.at.slice(11, 13))).toBeLessThanOrEqual(22);
    }
    expect(run.filter((f) => f.type === 'ProduceReferencePriceSet').length).toBeGreaterThan(10);
    expect(run.filter((f) => f.type === 'FarmerPaid').every((f) => f.data.quantity !== undefined && f.data.unit === '斤')).toBe(true);
    expect(replayThroughDeciders(run, new Date('2025-06-04T00:00:00+08:00')).refused).toEqual([]);
  });

  it('keeps references, training dates and time order consistent', () => {
    expect(checkReferences(facts)).toEqual([]);
  });

  it('emits nothing dated on or after `to` (the write API refuses the future)', () => {
    const dates = facts.map((f) => Object.entries(f.data).find(([k]) => /On$|At$/.test(k))?.[1] as string | undefined).filter((d) => d !== undefined);
    expect(dates.filter((d) => d.slice(0, 10) >= '2025-07-10')).toEqual([]);
  });

  it('uses real GB/T 2260 prefixes: Lanshan 371302 for streamers, Linyi 3713 for farm villages', () => {
    const streamerRegions = facts.flatMap((f) => (f.type === 'StreamerRegistered' ? [f.data.regionCode] : []));
    expect(streamerRegions.every((c) => c.startsWith('371302') && c.length === 9)).toBe(true);
    const villages = facts.flatMap((f) => (f.type === 'SaleRecorded' && f.data.originVillageCode ? [f.data.originVillageCode] : []));
    expect(villages.length).toBeGreaterThan(0);
    expect(villages.every((c) => c.startsWith('3713') && c.length === 12)).toBe(true);
  });
});
