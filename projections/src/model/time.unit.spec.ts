import { describe, expect, it } from 'vitest';
import { epochMs, shanghaiDate, shanghaiDateTime } from './time.ts';

describe('Shanghai time', () => {
  const justAfterMidnight = epochMs('2025-06-17T16:00:30Z'); // 2025-06-18 00:00:30 in Shanghai

  it('puts an instant after Shanghai midnight on the Shanghai day, not the UTC one', () => {
    expect(shanghaiDate(justAfterMidnight)).toBe('2025-06-18');
    expect(shanghaiDateTime(justAfterMidnight)).toBe('2025-06-18 00:00:30.000');
  });

  it('keeps milliseconds and refuses what is not a date-time', () => {
    expect(shanghaiDateTime(epochMs('2025-06-18T20:15:42.5+08:00'))).toBe('2025-06-18 20:15:42.500');
    expect(() => epochMs('18/06/2025')).toThrow(/not a date-time/);
  });
});
