/**
 * 口径 as data: what every live-session and farmer-income metric means — name in zh-CN and en,
 * formula, numerator, denominator, the facts it comes from, its unit, and a version. A changed
 * definition is a new version (and a new entry in CHANGES below), never a silent edit: a figure
 * printed last year must still be explainable by the definition it was printed under.
 */
export interface MetricDefinition {
  id: string;
  nameZh: string;
  nameEn: string;
  formula: string;
  numerator: string;
  /** Null for a metric that is a count or a sum, not a ratio. */
  denominator: string | null;
  sourceEvents: readonly string[];
  unit: 'fen' | 'count' | 'seconds' | 'basis_points' | 'ratio' | 'fen_per_order' | 'fen_per_1000_views' | 'fen_per_1000_viewers' | 'fen_per_viewer' | 'fen_per_buyer';
  version: number;
}

const SALE = ['SaleRecorded'] as const;
const AUDIENCE = ['LiveAudienceReported'] as const;

export const METRIC_DEFINITIONS: readonly MetricDefinition[] = [
  { id: 'gmv', nameZh: '成交金额（GMV）', nameEn: 'GMV', formula: 'Σ amountFen of the orders', numerator: 'sum of order amounts', denominator: null, sourceEvents: SALE, unit: 'fen', version: 1 },
  {
    id: 'net_sales',
    nameZh: '净成交金额（扣退款）',
    nameEn: 'Net sales (GMV less refunds)',
    formula: 'GMV − Σ refunds of those orders',
    numerator: 'GMV minus refunded amounts',
    denominator: null,
    sourceEvents: ['SaleRecorded', 'SaleRefunded'],
    unit: 'fen',
    version: 1,
  },
  { id: 'orders', nameZh: '成交订单数', nameEn: 'Orders', formula: 'count of orders', numerator: 'orders', denominator: null, sourceEvents: SALE, unit: 'count', version: 1 },
  { id: 'buyers', nameZh: '成交人数', nameEn: 'Buyers', formula: 'count of distinct buyerRef', numerator: 'distinct buyer references', denominator: null, sourceEvents: SALE, unit: 'count', version: 1 },
  {
    id: 'pcu',
    nameZh: '最高在线人数（PCU）',
    nameEn: 'Peak concurrent viewers (PCU)',
    formula: 'max onlineNow over the session\'s snapshots; over several sessions, the highest session peak',
    numerator: 'peak of onlineNow',
    denominator: null,
    sourceEvents: AUDIENCE,
    unit: 'count',
    version: 2,
  },
  {
    id: 'views',
    nameZh: '观看次数（PV）',
    nameEn: 'Views (PV)',
    formula: 'the session\'s last cumulative views; over several sessions, their sum',
    numerator: 'views',
    denominator: null,
    sourceEvents: AUDIENCE,
    unit: 'count',
    version: 2,
  },
  {
    id: 'viewers',
    nameZh: '观看人数（UV）',
    nameEn: 'Viewers (UV)',
    formula: 'the session\'s last cumulative unique viewers; over several sessions, their sum (a viewer of two sessions counts twice: platforms report UV per session)',
    numerator: 'viewers',
    denominator: null,
    sourceEvents: AUDIENCE,
    unit: 'count',
    version: 2,
  },
  { id: 'avg_watch_seconds', nameZh: '人均观看时长', nameEn: 'Average watch time', formula: 'watchSeconds ÷ UV', numerator: 'total watch seconds', denominator: 'viewers (UV)', sourceEvents: AUDIENCE, unit: 'seconds', version: 1 },
  { id: 'uv_value', nameZh: 'UV价值', nameEn: 'UV value', formula: 'GMV ÷ UV', numerator: 'GMV', denominator: 'viewers (UV)', sourceEvents: ['SaleRecorded', 'LiveAudienceReported'], unit: 'fen_per_viewer', version: 1 },
  {
    id: 'gpm_pv',
    nameZh: '千次观看成交金额（GPM，按观看次数）',
    nameEn: 'GPM over views (PV)',
    formula: 'GMV × 1000 ÷ PV',
    numerator: 'GMV × 1000',
    denominator: 'views (PV)',
    sourceEvents: ['SaleRecorded', 'LiveAudienceReported'],
    unit: 'fen_per_1000_views',
    version: 1,
  },
  {
    id: 'gpm_uv',
    nameZh: '千人观看成交金额（GPM，按观看人数）',
    nameEn: 'GPM over viewers (UV) — not comparable with GPM over views',
    formula: 'GMV × 1000 ÷ UV',
    numerator: 'GMV × 1000',
    denominator: 'viewers (UV)',
    sourceEvents: ['SaleRecorded', 'LiveAudienceReported'],
    unit: 'fen_per_1000_viewers',
    version: 1,
  },
  { id: 'view_conversion', nameZh: '看播成交转化率', nameEn: 'Viewer-to-buyer conversion', formula: 'buyers ÷ UV', numerator: 'buyers', denominator: 'viewers (UV)', sourceEvents: ['SaleRecorded', 'LiveAudienceReported'], unit: 'basis_points', version: 1 },
  {
    id: 'click_conversion',
    nameZh: '点击成交转化率',
    nameEn: 'Click-to-buyer conversion',
    formula: 'buyers ÷ product-click users',
    numerator: 'buyers',
    denominator: 'product-click users',
    sourceEvents: ['SaleRecorded', 'LiveAudienceReported'],
    unit: 'basis_points',
    version: 1,
  },
  { id: 'avg_order_value', nameZh: '客单价', nameEn: 'Average spend per buyer', formula: 'GMV ÷ buyers', numerator: 'GMV', denominator: 'buyers', sourceEvents: SALE, unit: 'fen_per_buyer', version: 1 },
  { id: 'refund_rate', nameZh: '退款率', nameEn: 'Refund rate', formula: 'orders with a refund ÷ orders', numerator: 'refunded orders', denominator: 'orders', sourceEvents: ['SaleRecorded', 'SaleRefunded'], unit: 'basis_points', version: 1 },
  {
    id: 'follower_gain',
    nameZh: '涨粉数',
    nameEn: 'Follower gain',
    formula: 'the session\'s last cumulative newFollowers; over several sessions, their sum',
    numerator: 'new followers',
    denominator: null,
    sourceEvents: AUDIENCE,
    unit: 'count',
    version: 2,
  },
  { id: 'farmer_paid', nameZh: '农户收入（支付额）', nameEn: 'Farmer income paid', formula: 'Σ amountFen of FarmerPaid', numerator: 'payments', denominator: null, sourceEvents: ['FarmerPaid'], unit: 'fen', version: 1 },
  {
    id: 'farmer_premium',
    nameZh: '农户增收（较参考价）',
    nameEn: 'Farmer premium over the reference price',
    formula: 'Σ (paid − reference price × quantity) over payments that name quantity, unit and product with a reference price that day',
    numerator: 'paid minus reference value',
    denominator: null,
    sourceEvents: ['FarmerPaid', 'ProduceReferencePriceSet'],
    unit: 'fen',
    version: 1,
  },
  { id: 'households', nameZh: '受益农户数', nameEn: 'Households paid', formula: 'count of distinct householdId', numerator: 'households', denominator: null, sourceEvents: ['FarmerPaid'], unit: 'count', version: 1 },
  {
    id: 'farmer_paid_per_household',
    nameZh: '户均收入',
    nameEn: 'Paid per household',
    formula: 'Σ amountFen of FarmerPaid ÷ distinct householdId',
    numerator: 'payments',
    denominator: 'households paid',
    sourceEvents: ['FarmerPaid'],
    unit: 'fen',
    version: 1,
  },
  {
    id: 'households_income_rose',
    nameZh: '增收农户数（同比）',
    nameEn: 'Households whose income rose against last year',
    formula: 'households paid in the period and in the same days a year earlier whose period total is higher now',
    numerator: 'households with a higher total',
    denominator: null,
    sourceEvents: ['FarmerPaid'],
    unit: 'count',
    version: 1,
  },
  // The annual summary's own figures (its 口径 appendix lists those it states; summaries' content.ts).
  {
    id: 'refunds',
    nameZh: '退款金额',
    nameEn: 'Refunds',
    formula: 'Σ amountFen of the refunds made in the period, whenever the order was placed',
    numerator: 'refunded amounts',
    denominator: null,
    sourceEvents: ['SaleRefunded'],
    unit: 'fen',
    version: 1,
  },
  { id: 'gmv_per_order', nameZh: '笔均交易额', nameEn: 'GMV per order', formula: 'GMV ÷ orders, rounded half away from zero to the fen; 0 without orders', numerator: 'GMV', denominator: 'orders', sourceEvents: SALE, unit: 'fen_per_order', version: 1 },
  { id: 'selling_streamers', nameZh: '有成交的主播数', nameEn: 'Streamers with a sale', formula: 'count of distinct streamerId among the orders', numerator: 'streamers', denominator: null, sourceEvents: SALE, unit: 'count', version: 1 },
  {
    id: 'gmv_yoy',
    nameZh: '交易额同比',
    nameEn: 'GMV year on year',
    formula: '(GMV − GMV of the same days a year earlier) ÷ GMV of those days; none when that is 0',
    numerator: 'GMV change',
    denominator: 'GMV of the same days a year earlier',
    sourceEvents: SALE,
    unit: 'ratio',
    version: 1,
  },
  {
    id: 'parcel_savings',
    nameZh: '寄递节约成本',
    nameEn: 'Parcel fees saved',
    formula: 'Σ parcels shipped × (standard − discounted fee per parcel) of their agreement',
    numerator: 'fees saved',
    denominator: null,
    sourceEvents: ['ParcelsShipped', 'ParcelDiscountGranted'],
    unit: 'fen',
    version: 1,
  },
  {
    id: 'loan_interest_saved',
    nameZh: '节约利息',
    nameEn: 'Interest saved',
    formula: 'amount × (benchmark rate − rate) × term months ÷ 12, simple interest, rounded down, over loans granted in the period',
    numerator: 'interest saved',
    denominator: null,
    sourceEvents: ['LoanGranted'],
    unit: 'fen',
    version: 1,
  },
  { id: 'trainees', nameZh: '参训人数', nameEn: 'People trained', formula: 'count of distinct streamerId completing a session in the period', numerator: 'people', denominator: null, sourceEvents: ['StreamerTrained'], unit: 'count', version: 1 },
  { id: 'branches_founded', nameZh: '新成立党支部数', nameEn: 'Party branches founded', formula: 'count of branches whose foundedOn falls in the period', numerator: 'branches', denominator: null, sourceEvents: ['BranchFounded'], unit: 'count', version: 1 },
];

/**
 * Every definition change, oldest first: what version N+1 changed. A figure printed under version N
 * is explained by the entry before it.
 */
export const METRIC_CHANGES: readonly { id: string; version: number; change: string }[] = [
  { id: 'pcu', version: 2, change: 'defined over several sessions (streamer, park, region, period): the highest session peak' },
  { id: 'views', version: 2, change: 'defined over several sessions: the sum of the sessions\' views' },
  { id: 'viewers', version: 2, change: 'defined over several sessions: the sum of the sessions\' viewers' },
  { id: 'follower_gain', version: 2, change: 'defined over several sessions: the sum of the sessions\' new followers' },
];

export const metricDefinition = (id: string): MetricDefinition | undefined => METRIC_DEFINITIONS.find((m) => m.id === id);
