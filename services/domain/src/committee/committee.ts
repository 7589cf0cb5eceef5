import { registrationDecider } from '../registration.ts';

/** An industry Party committee (行业党委): recorded once; a second fact with the same id is refused. */
export const committeeDecider = registrationDecider({ command: 'FoundCommittee', event: 'IndustryCommitteeFounded', idField: 'committeeId', rule: 'committee.already-founded', noun: 'committee' });
export type CommitteeState = ReturnType<typeof committeeDecider.initialState>;
