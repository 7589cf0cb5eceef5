export * from './primitives.ts';
export * from './catalog.ts';
export * from './metadata.ts';
export * from './upcasting.ts';
export * from './validation.ts';
export * from './regions.ts';
export * as facts from './facts.ts';
export * from './regions/names.ts';
