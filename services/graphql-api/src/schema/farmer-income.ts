import { regionName } from '@redstream/schema';
import { builder, READ } from '../builder.ts';
import { farmerIncome, type FarmerIncomeSummary, type VillageIncome } from '@redstream/queries';
import { FarmerIncomeFilterInput } from './filters.ts';

const VillageIncomeRef = builder.objectRef<VillageIncome>('VillageIncome').implement({
  fields: (t) => ({
    villageCode: t.exposeString('villageCode'),
    villageName: t.string({ description: 'The village’s name where known; else its code', resolve: (v) => regionName(v.villageCode) }),
    income: t.field({ type: 'Money', resolve: (v) => v.income }),
    households: t.exposeInt('households'),
    payments: t.exposeInt('payments'),
  }),
});

const FarmerIncomeSummaryRef = builder.objectRef<FarmerIncomeSummary>('FarmerIncomeSummary').implement({
  fields: (t) => ({
    income: t.field({ type: 'Money', resolve: (s) => s.income }),
    households: t.exposeInt('households', { description: 'Distinct households paid in the period' }),
    payments: t.exposeInt('payments'),
    byVillage: t.field({ type: [VillageIncomeRef], resolve: (s) => s.byVillage }),
  }),
});

builder.queryFields((t) => ({
  farmerIncome: t.field({
    type: FarmerIncomeSummaryRef,
    authScopes: READ,
    complexity: { field: 15, multiplier: 2 },
    args: { filter: t.arg({ type: FarmerIncomeFilterInput }) },
    resolve: (_root, { filter }, ctx) => farmerIncome(ctx.query, filter),
  }),
}));
