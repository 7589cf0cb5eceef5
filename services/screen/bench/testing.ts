export { startPlatformProcess, type RunningServer, type ServerSpec } from './platform-process.ts';
export { liveSessionOf, postFacts, saleOf, seedRegion, streamerWithSale, type PostResult } from './facts.ts';
export { launchChromium } from '@redstream/service-kit';
export { formatFen } from '../web/format.ts';
