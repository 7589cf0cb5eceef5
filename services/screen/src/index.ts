export { screenRoutes, parseScreenScope, screenOperationHash, LIVE_NOW_OPERATION, DEFAULT_DIST_DIR, type ScreenRoutesOptions, type ScreenScope } from './screen-routes.ts';
export { ensureScreenBuilt, screenBuildIsStale } from './build.ts';
