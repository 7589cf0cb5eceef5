import { regionAncestry as ancestry } from '@redstream/schema';
import { epochMs, shanghaiDateTime } from '@redstream/schema';
import type { ProjectionState } from './state.ts';
import { registeredRow } from '../read-models/streamers/streamers.ts';
import type { ProjectedEvent } from '../read-models/read-model.ts';

/** Advances the resolving state past one event (after every read model has projected it). */
export function evolveState(state: ProjectionState, { event, position }: ProjectedEvent): void {
  switch (event.type) {
    case 'StreamerRegistered':
      state.streamers.set(event.data.streamerId, registeredRow(event.data, position));
      break;
    case 'PartyStatusChanged': {
      const s = state.streamers.get(event.data.streamerId);
      if (s) state.streamers.set(s.streamer_id, { ...s, party_status: event.data.to, version: position });
      break;
    }
    case 'FollowersReported': {
      const s = state.streamers.get(event.data.streamerId);
      if (s) state.streamers.set(s.streamer_id, { ...s, followers: event.data.followers, version: position });
      break;
    }
    case 'SaleRecorded': {
      const d = event.data;
      const s = state.streamers.get(d.streamerId);
      state.orders.set(d.orderId, {
        streamer_id: d.streamerId,
        platform: s?.platform ?? '',
        park_id: s?.park_id ?? '',
        region_code: s?.region_code ?? '',
        category: d.category,
        occurred_at: d.occurredAt,
      });
      break;
    }
    case 'ParcelDiscountGranted': {
      const d = event.data;
      state.agreements.set(d.agreementId, { agreement_id: d.agreementId, carrier: d.carrier, region_code: d.regionCode, park_id: d.parkId ?? '', standard_fee_fen: d.standardFeeFen, discounted_fee_fen: d.discountedFeeFen });
      break;
    }
    case 'TrainingSessionHeld':
      state.sessions.set(event.data.sessionId, { region_code: event.data.regionCode });
      break;
    case 'AppealRaised': {
      const d = event.data;
      const s = state.streamers.get(d.streamerId);
      const raisedMs = epochMs(d.raisedAt);
      state.openAppeals.set(d.appealId, { appeal_id: d.appealId, streamer_id: d.streamerId, topic: d.topic, summary: d.summary, raised_at: shanghaiDateTime(raisedMs), raised_ms: raisedMs, region_code: s?.region_code ?? '', park_id: s?.park_id ?? '' });
      break;
    }
    case 'AppealResolved':
      state.openAppeals.delete(event.data.appealId);
      break;
    default:
      break;
  }
  const d = event.data as Record<string, unknown>;
  for (let i = 0; i < REGION_KEYS.length; i++) {
    const code = d[REGION_KEYS[i]!];
    if (typeof code === 'string' && !state.regionsSeen.has(code)) for (const c of ancestry(code)) state.regionsSeen.add(c);
  }
}

const REGION_KEYS = ['regionCode', 'villageCode', 'originVillageCode', 'buyerRegionCode'] as const;
