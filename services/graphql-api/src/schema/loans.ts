import { builder, READ } from '../builder.ts';
import { loans, type LoanSummary } from '@redstream/queries';
import { PeriodFilterInput } from './filters.ts';

const LenderLoansRef = builder.objectRef<LoanSummary['byLender'][number]>('LenderLoans').implement({
  fields: (t) => ({
    lender: t.exposeString('lender'),
    loans: t.exposeInt('loans'),
    amount: t.field({ type: 'Money', resolve: (l) => l.amount }),
    interestSaved: t.field({ type: 'Money', resolve: (l) => l.interestSaved }),
  }),
});

const LoanSummaryRef = builder.objectRef<LoanSummary>('LoanSummary').implement({
  fields: (t) => ({
    loans: t.exposeInt('loans', { description: 'Loans granted in the period to streamers of the region' }),
    amount: t.field({ type: 'Money', resolve: (s) => s.amount }),
    interestSaved: t.field({
      type: 'Money',
      description: 'Simple interest saved over each loan’s term against its benchmark rate: Σ amount × (benchmark − rate) × months / 12, to the fen',
      resolve: (s) => s.interestSaved,
    }),
    byLender: t.field({ type: [LenderLoansRef], resolve: (s) => s.byLender }),
  }),
});

builder.queryFields((t) => ({
  loans: t.field({
    type: LoanSummaryRef,
    authScopes: READ,
    complexity: 10,
    args: { filter: t.arg({ type: PeriodFilterInput }) },
    resolve: (_root, { filter }, ctx) => loans(ctx.query, filter),
  }),
}));
