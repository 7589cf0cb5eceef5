import { builder, READ } from '../builder.ts';
import { parcelDiscounts, type ParcelSummary } from '@redstream/queries';
import { PeriodFilterInput } from './filters.ts';

const CarrierSavingsRef = builder.objectRef<ParcelSummary['byCarrier'][number]>('CarrierSavings').implement({
  fields: (t) => ({
    carrier: t.exposeString('carrier'),
    parcels: t.exposeInt('parcels'),
    savings: t.field({ type: 'Money', resolve: (c) => c.savings }),
  }),
});

const ParcelSummaryRef = builder.objectRef<ParcelSummary>('ParcelDiscountSummary').implement({
  fields: (t) => ({
    agreementsGranted: t.exposeInt('agreementsGranted', { description: 'Agreements whose validity starts in the period' }),
    agreementsActive: t.exposeInt('agreementsActive', { description: 'Agreements valid on any day of the period' }),
    parcels: t.exposeInt('parcels', { description: 'Parcels shipped under an agreement in the period' }),
    savings: t.field({ type: 'Money', description: 'Σ parcels × (standard − discounted fee)', resolve: (s) => s.savings }),
    byCarrier: t.field({ type: [CarrierSavingsRef], resolve: (s) => s.byCarrier }),
  }),
});

builder.queryFields((t) => ({
  parcelDiscounts: t.field({
    type: ParcelSummaryRef,
    authScopes: READ,
    complexity: 15,
    args: { filter: t.arg({ type: PeriodFilterInput }) },
    resolve: (_root, { filter }, ctx) => parcelDiscounts(ctx.query, filter),
  }),
}));
