/**
 * The queries DESIGN.md names, as GraphiQL's first tabs (a browser that has its own tabs stored
 * keeps them). They read the demo region (Lanshan, 371302) over last year, which the demo covers
 * in full.
 */
export interface ExampleTab {
  query: string;
  variables?: string;
}

export function exampleTabs(now: Date = new Date()): ExampleTab[] {
  const year = now.getUTCFullYear() - 1;
  const period = JSON.stringify({ filter: { regionCode: '371302', from: `${year}-01-01T00:00:00+08:00`, to: `${year + 1}-01-01T00:00:00+08:00` } }, null, 2);
  return [
    {
      query: `# Sales in a region over a period: orders, GMV, refunds, net sales (Money is yuan, "1234.50")
query SalesSummary($filter: SalesFilter) {
  salesSummary(filter: $filter) {
    orders
    gmv
    refunds
    netSales
    averageOrderValue
    streamers
  }
}`,
      variables: period,
    },
    {
      query: `# GMV by month, each beside the month before and the same month a year earlier
query SalesByMonth($filter: SalesFilter) {
  salesSeries(filter: $filter, granularity: MONTH) {
    bucket
    orders
    gmv
    netSales
    samePeriodLastYear { gmv }
  }
}`,
      variables: period,
    },
    {
      query: `# The ten streamers with the highest GMV
query TopStreamers($filter: SalesFilter) {
  topStreamers(filter: $filter, limit: 10) {
    streamerId
    displayName
    gmv
    orders
  }
}`,
      variables: period,
    },
    {
      query: `# Where the buyers live, by province (named from GB/T 2260)
query BuyersByProvince($filter: SalesFilter) {
  salesBreakdown(filter: $filter, by: BUYER_REGION, regionLevel: PROVINCE, limit: 10) {
    key
    label
    orders
    gmv
  }
}`,
      variables: period,
    },
    {
      query: `# Income paid to farming households, by village
query FarmerIncome {
  farmerIncome(filter: { regionCode: "371302", from: "${year}-01-01", to: "${year}-12-31" }) {
    income
    households
    byVillage { villageCode villageName income households }
  }
}`,
    },
    {
      query: `# A region's year at a glance, with links to its 年度总结 (HTML and PDF)
query AnnualSummary {
  annualSummary(year: ${year}, regionCode: "371302") {
    regionName
    gmv
    gmvYoY
    farmerIncome
    households
    branchesFounded
    streamersTrained
    parcelSavings
    htmlUrl
    pdfUrl
  }
}`,
    },
  ];
}
