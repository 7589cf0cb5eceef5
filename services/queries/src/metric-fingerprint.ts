import { createHash } from 'node:crypto';
import type { MetricDefinition } from './metric-definitions.ts';

/**
 * What a definition says, as a short hash: its names, formula, numerator, denominator, sources and
 * unit in a fixed order (not the version, which is what the hash is recorded under). The committed
 * metric-definitions.versions.json holds it per id and version, so a definition edited without a
 * new version fails its test instead of changing silently.
 */
export function metricFingerprint(m: MetricDefinition): string {
  const said = [m.nameZh, m.nameEn, m.formula, m.numerator, m.denominator, [...m.sourceEvents], m.unit];
  return createHash('sha256').update(JSON.stringify(said)).digest('hex').slice(0, 16);
}
