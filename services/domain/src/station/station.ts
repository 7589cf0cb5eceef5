import { registrationDecider } from '../registration.ts';

/** A warm station (暖新驿站): recorded once; a second fact with the same id is refused. */
export const stationDecider = registrationDecider({ command: 'OpenStation', event: 'WarmStationOpened', idField: 'stationId', rule: 'station.already-opened', noun: 'warm station' });
export type StationState = ReturnType<typeof stationDecider.initialState>;
