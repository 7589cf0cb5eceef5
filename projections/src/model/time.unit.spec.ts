import { describe, expect, it } from 'vitest';
import { dayBucket, epochMs, hourBucket, minuteBucket, shanghaiDate, shanghaiDateTime } from './time.ts';

describe('Shanghai time buckets', () => {
  const justAfterMidnight = epochMs('2025-06-17T16:00:30Z'); // 2025-06-18 00:00:30 in Shanghai

  it('puts an instant after Shanghai midnight on the Shanghai day, not the UTC one', () => {
    expect(shanghaiDate(justAfterMidnight)).toBe('2025-06-18');
    expect(shanghaiDateTime(justAfterMidnight)).toBe('2025-06-18 00:00:30.000');
    expect(dayBucket(justAfterMidnight)).toBe(epochMs('2025-06-18T00:00:00+08:00') / 1000);
  });

  it('floors to the minute and hour', () => {
    const t = epochMs('2025-06-18T20:15:42.5+08:00');
    expect(minuteBucket(t)).toBe(epochMs('2025-06-18T20:15:00+08:00') / 1000);
    expect(hourBucket(t)).toBe(epochMs('2025-06-18T20:00:00+08:00') / 1000);
    expect(dayBucket(t)).toBe(epochMs('2025-06-18T00:00:00+08:00') / 1000);
  });
});
