/**
 * `annualSummary(year: Int!, regionCode: String!): AnnualSummary!` belongs to the summaries
 * service. It adds its type and query field here, in this file, with `builder.queryFields`, and
 * computes its figures with this package's query functions (salesSummary, farmerIncome,
 * partyBuilding, training, parcelDiscounts …) so its numbers equal the API's.
 */
export {};
