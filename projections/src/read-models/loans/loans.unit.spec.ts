import { describe, expect, it } from 'vitest';
import { interestSavedFen } from './loans.ts';

describe('loan interest saved', () => {
  it('is simple interest on the rate difference over the term, exact in fen', () => {
    // 100,000.00 yuan for 12 months at 3.00 % against 3.85 %: 850.00 yuan saved.
    expect(interestSavedFen(10_000_000, 300, 385, 12)).toBe(85_000);
    expect(interestSavedFen(10_000_001, 300, 385, 6)).toBe(42_500);
  });
});
