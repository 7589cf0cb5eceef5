import { describe, it } from 'vitest';
import type { EventData } from '@redstream/schema';
import { deciderSpecification } from '../testing/decider-specification.ts';
import { sampleData as d, sampleNow as now } from '../testing/sample-facts.ts';
import { householdDecider } from '../household/household.ts';
import { referencePriceDecider, type ReferencePriceEvent } from './reference-price.ts';

const given = deciderSpecification(referencePriceDecider);
const price = (over: Partial<EventData<'ProduceReferencePriceSet'>> = {}) => ({ ...d.ProduceReferencePriceSet, ...over });
const set = (over: Partial<EventData<'ProduceReferencePriceSet'>> = {}) => ({ type: 'SetReferencePrice' as const, data: price(over), now });
const wasSet = (over: Partial<EventData<'ProduceReferencePriceSet'>> = {}): ReferencePriceEvent => ({ type: 'ProduceReferencePriceSet', data: price(over) });

describe('produce reference price', () => {
  it('sets a price, and the next period\'s, and another product\'s or unit\'s', () => {
    given([]).when(set()).then([wasSet()]);
    given([wasSet()]).when(set({ validFrom: '2023-01-01', validTo: '2023-12-31' })).then([wasSet({ validFrom: '2023-01-01', validTo: '2023-12-31' })]);
    given([wasSet()]).when(set({ unit: '箱' })).then([wasSet({ unit: '箱' })]);
    given([wasSet()]).when(set({ product: '沂蒙山板栗' })).then([wasSet({ product: '沂蒙山板栗' })]);
  });

  it('refuses a period running backwards', () => {
    given([]).when(set({ validFrom: '2022-12-31', validTo: '2022-01-01' })).thenThrows('referenceprice.valid-to-before-from', '$.data.validTo');
  });

  it('refuses a second price for the same product, unit and day', () => {
    given([wasSet()]).when(set({ validFrom: '2022-12-31', validTo: '2023-06-30', priceFen: 300 })).thenThrows('referenceprice.overlapping', '$.data.validFrom');
  });
});

describe('a farmer payment with a quantity', () => {
  const givenHousehold = deciderSpecification(householdDecider);
  const pay = (over: Partial<EventData<'FarmerPaid'>>) => ({ type: 'PayFarmer' as const, data: { ...d.FarmerPaid, ...over }, now });

  it('records quantity, unit and product together', () => {
    const data = { ...d.FarmerPaid, quantity: 1000, unit: '斤', product: '沂蒙山苹果' };
    givenHousehold([]).when(pay(data)).then([{ type: 'FarmerPaid', data }]);
  });

  it('refuses a quantity without its unit or product', () => {
    givenHousehold([]).when(pay({ quantity: 1000, product: '沂蒙山苹果' })).thenThrows('household.quantity-without-unit', '$.data.unit');
    givenHousehold([]).when(pay({ quantity: 1000, unit: '斤' })).thenThrows('household.quantity-without-unit', '$.data.product');
  });
});
