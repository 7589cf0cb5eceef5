// The worker thread's entry. A worker does not inherit the parent's TypeScript loader on Node 20
// (`--import tsx` applies to the main thread only), so it registers tsx itself, then loads the
// store's worker side from TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./store-worker.ts');
