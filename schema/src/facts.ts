/** The data schemas of every fact type, by name, for code that wants one schema directly. */
export * from './events/organisation.ts';
export * from './events/support.ts';
export * from './events/sales.ts';
export * from './events/live.ts';
export * from './events/reference-prices.ts';
