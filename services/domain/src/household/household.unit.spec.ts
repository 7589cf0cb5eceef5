import { describe, it } from 'vitest';
import { deciderSpecification } from '../testing/decider-specification.ts';
import { sampleData as d, sampleNow as now } from '../testing/sample-facts.ts';
import { householdDecider } from './household.ts';

const given = deciderSpecification(householdDecider);
const paid = { type: 'FarmerPaid' as const, data: d.FarmerPaid };

describe('household', () => {
  it('records payments with new payment ids', () => {
    given([]).when({ type: 'PayFarmer', data: d.FarmerPaid, now }).then([paid]);
    const second = { ...d.FarmerPaid, paymentId: 'pay-2' };
    given([paid]).when({ type: 'PayFarmer', data: second, now }).then([{ type: 'FarmerPaid', data: second }]);
  });

  it('refuses a payment id recorded before', () => {
    given([paid]).when({ type: 'PayFarmer', data: d.FarmerPaid, now }).thenThrows('household.payment-already-recorded', '$.data.paymentId');
  });
});
