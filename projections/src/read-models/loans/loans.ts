import type { ReadModel } from '../read-model.ts';

/** Simple interest saved against the benchmark rate over the term, in fen, rounded toward zero. */
export function interestSavedFen(amountFen: number, rateBp: number, benchmarkRateBp: number, termMonths: number): number {
  return Number((BigInt(amountFen) * BigInt(benchmarkRateBp - rateBp) * BigInt(termMonths)) / 120_000n);
}

export const loans: ReadModel = {
  name: 'loans',
  tables: ['loans'],
  project({ event, position }, state, out) {
    if (event.type !== 'LoanGranted') return;
    const d = event.data;
    const s = state.streamers.get(d.streamerId);
    out.row('loans', {
      loan_id: d.loanId,
      streamer_id: d.streamerId,
      lender: d.lender,
      amount_fen: d.amountFen,
      rate_bp: d.rateBp,
      benchmark_rate_bp: d.benchmarkRateBp,
      term_months: d.termMonths,
      granted_on: d.grantedOn,
      interest_saved_fen: interestSavedFen(d.amountFen, d.rateBp, d.benchmarkRateBp, d.termMonths),
      region_code: s?.region_code ?? '',
      park_id: s?.park_id ?? '',
      version: position,
    });
  },
};
