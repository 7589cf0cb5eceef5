import { describe, it } from 'vitest';
import { deciderSpecification } from '../testing/decider-specification.ts';
import { sampleData as d, sampleNow as now } from '../testing/sample-facts.ts';
import { streamerDecider } from '../streamer/streamer.ts';
import { appealDecider, type AppealEvent } from './appeal.ts';
import { loanDecider } from '../loan/loan.ts';
import { awardDecider } from '../award/award.ts';

const streamer = streamerDecider.evolve(streamerDecider.initialState(), { type: 'StreamerRegistered', data: d.StreamerRegistered });

describe('loan and award', () => {
  it('records a loan once, for a registered streamer', () => {
    const given = deciderSpecification(loanDecider);
    const granted = { type: 'LoanGranted' as const, data: d.LoanGranted };
    given([]).when({ type: 'GrantLoan', data: d.LoanGranted, streamer, now }).then([granted]);
    given([granted]).when({ type: 'GrantLoan', data: d.LoanGranted, streamer, now }).thenThrows('loan.already-granted', '$.data.loanId');
    given([]).when({ type: 'GrantLoan', data: d.LoanGranted, streamer: undefined, now }).thenThrows('loan.unknown-streamer', '$.data.streamerId');
  });

  it('records an award once, for a registered streamer', () => {
    const given = deciderSpecification(awardDecider);
    const granted = { type: 'AwardGranted' as const, data: d.AwardGranted };
    given([]).when({ type: 'GrantAward', data: d.AwardGranted, streamer, now }).then([granted]);
    given([granted]).when({ type: 'GrantAward', data: d.AwardGranted, streamer, now }).thenThrows('award.already-granted', '$.data.awardId');
    given([]).when({ type: 'GrantAward', data: d.AwardGranted, streamer: undefined, now }).thenThrows('award.unknown-streamer');
  });
});

describe('appeal', () => {
  const given = deciderSpecification(appealDecider);
  const raised: AppealEvent = { type: 'AppealRaised', data: d.AppealRaised };
  const resolved: AppealEvent = { type: 'AppealResolved', data: d.AppealResolved };

  it('is raised once by a registered streamer', () => {
    given([]).when({ type: 'RaiseAppeal', data: d.AppealRaised, streamer, now }).then([raised]);
    given([raised]).when({ type: 'RaiseAppeal', data: d.AppealRaised, streamer, now }).thenThrows('appeal.already-raised', '$.data.appealId');
    given([]).when({ type: 'RaiseAppeal', data: d.AppealRaised, streamer: undefined, now }).thenThrows('appeal.unknown-streamer');
  });

  it('is resolved once, after it was raised', () => {
    given([raised]).when({ type: 'ResolveAppeal', data: d.AppealResolved, now }).then([resolved]);
    given([]).when({ type: 'ResolveAppeal', data: d.AppealResolved, now }).thenThrows('appeal.unknown', '$.data.appealId');
    given([raised, resolved]).when({ type: 'ResolveAppeal', data: d.AppealResolved, now }).thenThrows('appeal.already-resolved');
    given([raised]).when({ type: 'ResolveAppeal', data: { ...d.AppealResolved, resolvedAt: '2022-03-01T08:59:00+08:00' }, now }).thenThrows('appeal.resolved-before-raised', '$.data.resolvedAt');
  });
});
