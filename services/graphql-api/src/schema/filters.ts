import { builder } from '../builder.ts';

/** DESIGN's SalesFilter: ISO date-times (half-open), wire values for platform and category. */
export const SalesFilterInput = builder.inputType('SalesFilter', {
  description: 'Orders and refunds in [from, to) (ISO 8601 date-times with offset); refunds count when they happen. A regionCode covers every code beneath it.',
  fields: (t) => ({
    from: t.string({ required: false }),
    to: t.string({ required: false }),
    regionCode: t.string({ required: false }),
    parkId: t.string({ required: false }),
    streamerId: t.string({ required: false }),
    platform: t.string({ required: false, description: 'Wire value: douyin, kuaishou, taobao, wechat_channels, other.' }),
    category: t.string({ required: false, description: 'Wire value, e.g. 农产品.' }),
  }),
});

/** DESIGN's FarmerIncomeFilter: dates, both inclusive. */
export const FarmerIncomeFilterInput = builder.inputType('FarmerIncomeFilter', {
  description: 'Payments with paidOn in [from, to] (YYYY-MM-DD, inclusive) to households in villages beneath regionCode.',
  fields: (t) => ({
    from: t.string({ required: false }),
    to: t.string({ required: false }),
    regionCode: t.string({ required: false }),
  }),
});

/** The same shape for the other day-grained summaries (party building, training, parcels, loans, appeals, stations). */
export const PeriodFilterInput = builder.inputType('PeriodFilter', {
  description: 'A period of Asia/Shanghai days [from, to] (YYYY-MM-DD, inclusive) and a region (every code beneath it).',
  fields: (t) => ({
    from: t.string({ required: false }),
    to: t.string({ required: false }),
    regionCode: t.string({ required: false }),
  }),
});
