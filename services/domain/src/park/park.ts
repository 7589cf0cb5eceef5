import { registrationDecider } from '../registration.ts';

/** A park (livestream base, industrial park, incubator): recorded once; a second fact with the same id is refused. */
export const parkDecider = registrationDecider({ command: 'RegisterPark', event: 'ParkRegistered', idField: 'parkId', rule: 'park.already-registered', noun: 'park' });
export type ParkState = ReturnType<typeof parkDecider.initialState>;
