import type { EventData } from '@redstream/schema';
import { violation, type CommandMetadata, type Decider, type FactEvent } from '../decider.ts';
import { requireStreamer, type StreamerState } from '../streamer/streamer.ts';

/** A loan granted to a streamer: the id must be new and the streamer registered. */
export interface LoanState {
  loan: EventData<'LoanGranted'> | null;
}

export type LoanCommand = { type: 'GrantLoan'; data: EventData<'LoanGranted'>; streamer: StreamerState | undefined } & CommandMetadata;
export type LoanEvent = FactEvent<'LoanGranted'>;

export const loanDecider: Decider<LoanCommand, LoanState, LoanEvent> = {
  initialState: () => ({ loan: null }),
  decide({ data, streamer }, state) {
    if (state.loan) violation('loan.already-granted', '$.data.loanId', `loan ${data.loanId} is already recorded`);
    requireStreamer(streamer, data.streamerId, 'loan.unknown-streamer');
    return [{ type: 'LoanGranted', data }];
  },
  evolve: (_state, event) => ({ loan: event.data }),
};
