/**
 * Migrations whose comments changed after deployments had recorded them by a checksum of the whole
 * file (before `statementChecksum` left comments out): the `-- @shard:` directives replaced the
 * prose "sharding key" comments. `wholeFile` is what those deployments recorded, `statements` the
 * statement checksum of that same text, equal to today's file's: their statements did not change.
 * Never add to this list; a new comment edit needs nothing now.
 */
export const LEGACY_CHECKSUMS: Readonly<Record<string, { wholeFile: string; statements: string }>> = {
  '0001_read_models.sql': {
    wholeFile: '4e6ce5a3b432a0853662f241475f0c799c4c81b254e83576d993ea7c8ba7f1fd',
    statements: 'v2:6c4f9f1e74d79151621c2f0ea462233e552c31d9f94ed59a9d4954a1ae27dace',
  },
  '0002_sales_coarse_rollups.sql': {
    wholeFile: '18e5fc4a01776081d235299a053ab0f150d51dd21515ff12ac5d3294208e48a3',
    statements: 'v2:1cf98fec6448747a3771841cca7b5aaf87f8cd157c21d4207d09134e06361a8b',
  },
  '0004_live_sessions.sql': {
    wholeFile: 'cbe10595c6a7f956d23789bc0210c61481fbf824917e320add635cda995281e7',
    statements: 'v2:38819c7ac236aeea423654a34895de7b8ecc71aa1c35e78ac30e6c801d0d4980',
  },
  '0005_projection_operations.sql': {
    wholeFile: '17931672ddbcebe58894b4ab2856e11628c5817435cf9630727fade391dca98d',
    statements: 'v2:197f11f50251c7a74fc139e45a2e7e53f435bbd0ddfe45a56125a376bb110bc8',
  },
};
