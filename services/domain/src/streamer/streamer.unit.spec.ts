import { describe, it } from 'vitest';
import { deciderSpecification } from '../testing/decider-specification.ts';
import { sampleData as d, sampleNow as now } from '../testing/sample-facts.ts';
import { streamerDecider, type StreamerEvent } from './streamer.ts';

const given = deciderSpecification(streamerDecider);
const registered: StreamerEvent = { type: 'StreamerRegistered', data: d.StreamerRegistered };
const becomes = (to: 'applicant' | 'activist' | 'probationary' | 'member'): StreamerEvent => ({ type: 'PartyStatusChanged', data: { streamerId: 's-1', to, changedOn: '2023-01-01' } });

describe('streamer', () => {
  it('registers a new streamer', () => {
    given([]).when({ type: 'RegisterStreamer', data: d.StreamerRegistered, now }).then([registered]);
  });

  it('refuses a streamer id registered before', () => {
    given([registered]).when({ type: 'RegisterStreamer', data: d.StreamerRegistered, now }).thenThrows('streamer.already-registered', '$.data.streamerId');
  });

  it('moves party status forward, skipping steps is allowed', () => {
    given([registered]).when({ type: 'ChangePartyStatus', data: becomes('applicant').data as never, now }).then([becomes('applicant')]);
    given([registered, becomes('applicant')]).when({ type: 'ChangePartyStatus', data: becomes('probationary').data as never, now }).then([becomes('probationary')]);
  });

  it('refuses party status moving backwards or standing still', () => {
    given([registered, becomes('activist')]).when({ type: 'ChangePartyStatus', data: becomes('applicant').data as never, now }).thenThrows('streamer.party-status-not-forward', '$.data.to');
    given([registered, becomes('member')]).when({ type: 'ChangePartyStatus', data: becomes('member').data as never, now }).thenThrows('streamer.party-status-not-forward');
  });

  it('starts from the status given at registration', () => {
    const asActivist: StreamerEvent = { type: 'StreamerRegistered', data: { ...d.StreamerRegistered, partyStatus: 'activist' } };
    given([asActivist]).when({ type: 'ChangePartyStatus', data: becomes('applicant').data as never, now }).thenThrows('streamer.party-status-not-forward');
  });

  it('refuses status changes and follower reports for an unknown streamer', () => {
    given([]).when({ type: 'ChangePartyStatus', data: d.PartyStatusChanged, now }).thenThrows('streamer.unknown', '$.data.streamerId');
    given([]).when({ type: 'ReportFollowers', data: d.FollowersReported, now }).thenThrows('streamer.unknown');
  });

  it('records follower reports of a registered streamer', () => {
    given([registered]).when({ type: 'ReportFollowers', data: d.FollowersReported, now }).then([{ type: 'FollowersReported', data: d.FollowersReported }]);
  });
});
