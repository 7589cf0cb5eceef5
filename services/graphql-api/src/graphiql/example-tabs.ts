import { shanghaiYear } from '@redstream/schema';

/**
 * The queries DESIGN.md names, as GraphiQL's first tabs (a browser that has its own tabs stored
 * keeps them). They read the demo region (Lanshan, 371302), the sales summary and the buyers over
 * all time, the others over last year, which the demo covers in full. Arguments are written inline: GraphiQL fills only
 * the first tab's variables editor from its props.
 */
export interface ExampleTab {
  query: string;
}

export function exampleTabs(now: Date = new Date()): ExampleTab[] {
  const year = shanghaiYear(now) - 1;
  const period = `{ regionCode: "371302", from: "${year}-01-01T00:00:00+08:00", to: "${year + 1}-01-01T00:00:00+08:00" }`;
  return [
    {
      query: `# Sales in a region: orders, GMV, refunds, net sales.
# Money is yuan as a string ("1234.50"). A filter may
# add from, to, parkId, streamerId, platform, category.
query SalesSummary {
  salesSummary(filter: { regionCode: "371302" }) {
    orders
    gmv
    refunds
    netSales
    averageOrderValue
    streamers
  }
}`,
    },
    {
      query: `# GMV by month, each beside the month before and the same month a year earlier
query SalesByMonth {
  salesSeries(filter: ${period}, granularity: MONTH) {
    bucket
    orders
    gmv
    netSales
    samePeriodLastYear { gmv }
  }
}`,
    },
    {
      query: `# The ten streamers with the highest GMV
query TopStreamers {
  topStreamers(filter: ${period}, limit: 10) {
    streamerId
    displayName
    gmv
    orders
  }
}`,
    },
    {
      query: `# Where the buyers live, by province (named from GB/T 2260)
query BuyersByProvince {
  salesBreakdown(filter: { regionCode: "371302" }, by: BUYER_REGION, regionLevel: PROVINCE, limit: 10) {
    key
    label
    orders
    gmv
  }
}`,
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
