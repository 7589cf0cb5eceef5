export * from './port.ts';
export { openEmbeddedEventStore } from './embedded/open-embedded.ts';
export { DirectoryInUse } from './embedded/directory-lock.ts';
export { openKurrentEventStore } from './kurrentdb/kurrent-event-store.ts';
export { openEventStore } from './open.ts';
