import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, type DomainEvent } from '@redstream/schema';
import { decideFact, deciderOf, regionOf, streamerIdOf } from './fact-routing.ts';
import { DomainRuleViolation } from './decider.ts';
import { sampleData, sampleNow as now } from './testing/sample-facts.ts';
import { streamerDecider } from './streamer/streamer.ts';

const fact = (type: DomainEvent['type']) => ({ type, data: sampleData[type] }) as DomainEvent;
const streamer = streamerDecider.evolve(streamerDecider.initialState(), { type: 'StreamerRegistered', data: sampleData.StreamerRegistered });
const onAir = streamerDecider.evolve(streamer, { type: 'LiveSessionStarted', data: sampleData.LiveSessionStarted });

describe('fact routing', () => {
  it('records every fact type in a world where what it refers to exists', () => {
    const prior: Partial<Record<DomainEvent['type'], DomainEvent['type']>> = {
      PartyStatusChanged: 'StreamerRegistered',
      FollowersReported: 'StreamerRegistered',
      StreamerTrained: 'TrainingSessionHeld',
      ParcelsShipped: 'ParcelDiscountGranted',
      AppealResolved: 'AppealRaised',
      SaleRefunded: 'SaleRecorded',
      LiveSessionStarted: 'StreamerRegistered',
    };
    // Session facts are the streamer's own stream; an end needs the start before it.
    const ownState: Partial<Record<DomainEvent['type'], unknown>> = { LiveSessionEnded: onAir };
    for (const type of EVENT_TYPES) {
      const decider = deciderOf(type);
      const before = prior[type];
      const state = ownState[type] ?? (before ? decider.evolve(decider.initialState(), fact(before)) : decider.initialState());
      expect(decideFact(fact(type), { state, streamer: onAir, now }), type).toEqual([fact(type)]);
    }
  });

  it('surfaces a rule violation with its rule id', () => {
    const decider = deciderOf('SaleRecorded');
    expect(() => decideFact(fact('SaleRecorded'), { state: decider.initialState(), streamer: undefined, now })).toThrow(DomainRuleViolation);
  });

  it('places a sale in its streamer region, a refund through its order, a payment in its village', () => {
    const order = deciderOf('SaleRecorded');
    const sold = order.evolve(order.initialState(), fact('SaleRecorded'));
    expect(streamerIdOf(fact('SaleRefunded'), sold)).toBe('s-1');
    expect(regionOf(fact('SaleRecorded'), order.initialState(), { ...streamer, profile: { ...sampleData.StreamerRegistered, regionCode: '410103' } })).toBe('410103');
    expect(regionOf(fact('FarmerPaid'), undefined, undefined)).toBe('371302001001');
    expect(regionOf(fact('SaleRecorded'), order.initialState(), undefined)).toBeUndefined();
  });
});
