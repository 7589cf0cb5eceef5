// Adds up the vitest JSON reports every package wrote and prints "N passed, N failed".
// A non-zero exit of `npm test` with no failed test counted (a crash, a typecheck or a suite that
// never reported) still counts as one failure, so CI cannot be green by accident.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const status = Number(process.argv[2] ?? 0);
const roots = ['schema', 'projections', 'test', ...readdirSync('services').map((s) => join('services', s))];
let passed = 0;
let failed = 0;
for (const root of roots) {
  const file = join(root, '.reports', 'vitest.json');
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  if ((report.numFailedTestSuites ?? 0) > 0 && (report.numFailedTests ?? 0) === 0) failed += report.numFailedTestSuites;
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
