import { registrationDecider } from '../registration.ts';

/** A Party branch (党支部): recorded once; a second fact with the same id is refused. */
export const branchDecider = registrationDecider({ command: 'FoundBranch', event: 'BranchFounded', idField: 'branchId', rule: 'branch.already-founded', noun: 'branch' });
export type BranchState = ReturnType<typeof branchDecider.initialState>;
