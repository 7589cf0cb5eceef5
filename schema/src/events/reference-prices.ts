import { z } from 'zod';
import { Fen, IsoDate, RegionCode, Text } from '../primitives.ts';

/**
 * What a product fetched in a region before it was sold live (the purchase price of a trader at
 * the farm gate, say), per unit and period. With `FarmerPaid`'s quantity it gives the farmer's
 * premium: paid − reference × quantity — income above what the produce would otherwise fetch.
 */
export const ProduceReferencePriceSet = z.strictObject({
  regionCode: RegionCode,
  product: Text(200),
  /** The unit the price is per, as `FarmerPaid.unit` names it (斤, kg, 箱 …). */
  unit: Text(20),
  priceFen: Fen.min(1, 'must be at least 1 fen'),
  validFrom: IsoDate,
  validTo: IsoDate,
});
