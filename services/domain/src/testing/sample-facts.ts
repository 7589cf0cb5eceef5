import type { EventData, EventType } from '@redstream/schema';

/**
 * Valid data for every fact type, about one small world: park p-1, committee c-1, streamer s-1
 * in Lanshan (371302), session t-1, agreement a-1, order o-1,
 * live session live-1 (18 June 2022, 19:30–22:00). Tests override single fields.
 */
export const sampleData: { [T in EventType]: EventData<T> } = {
  ParkRegistered: { parkId: 'p-1', name: '兰山直播电商产业园', regionCode: '371302', kind: 'livestream_base', floorAreaM2: 12000 },
  IndustryCommitteeFounded: { committeeId: 'c-1', name: '兰山区直播电商行业党委', level: 'district', regionCode: '371302', foundedOn: '2020-07-01' },
  BranchFounded: { branchId: 'b-1', name: '产业园党支部', regionCode: '371302', foundedOn: '2020-08-01', committeeId: 'c-1', parkId: 'p-1' },
  WarmStationOpened: { stationId: 'w-1', name: '暖新驿站', regionCode: '371302', openedOn: '2021-03-01', parkId: 'p-1' },
  StreamerRegistered: {
    streamerId: 's-1',
    displayName: '沂蒙小芳',
    platform: 'douyin',
    category: '农产品',
    regionCode: '371302',
    followers: 120000,
    partyStatus: 'none',
    registeredOn: '2021-01-05',
    parkId: 'p-1',
  },
  PartyStatusChanged: { streamerId: 's-1', to: 'applicant', changedOn: '2022-03-01' },
  FollowersReported: { streamerId: 's-1', followers: 150000, reportedAt: '2022-05-01T12:00:00+08:00' },
  TrainingSessionHeld: { sessionId: 't-1', title: '直播带货技能培训', organizerId: 'c-1', regionCode: '371302', startsOn: '2022-04-10', endsOn: '2022-04-12' },
  StreamerTrained: { streamerId: 's-1', sessionId: 't-1', hours: 16, completedOn: '2022-04-12' },
  ParcelDiscountGranted: {
    agreementId: 'a-1',
    carrier: '中通快递',
    regionCode: '371302',
    standardFeeFen: 300,
    discountedFeeFen: 180,
    validFrom: '2022-01-01',
    validTo: '2022-12-31',
    negotiatedBy: 'c-1',
  },
  ParcelsShipped: { agreementId: 'a-1', shippedOn: '2022-06-18', parcels: 1200, streamerId: 's-1' },
  LoanGranted: { loanId: 'l-1', streamerId: 's-1', lender: '兰山农商银行', amountFen: 50_000_00, rateBp: 385, benchmarkRateBp: 435, termMonths: 12, grantedOn: '2022-02-01' },
  AwardGranted: { awardId: 'aw-1', streamerId: 's-1', title: '最美主播', grantedBy: 'c-1', awardedOn: '2022-12-01' },
  AppealRaised: { appealId: 'ap-1', streamerId: 's-1', topic: 'logistics', summary: '快递费上涨', raisedAt: '2022-03-01T09:00:00+08:00' },
  AppealResolved: { appealId: 'ap-1', resolution: '协调快递企业降价', resolvedAt: '2022-03-05T17:00:00+08:00' },
  SaleRecorded: { orderId: 'o-1', streamerId: 's-1', occurredAt: '2022-06-18T20:15:00+08:00', product: '沂蒙山苹果 5斤', category: '农产品', quantity: 1, amountFen: 3990 },
  SaleRefunded: { orderId: 'o-1', amountFen: 1000, occurredAt: '2022-06-20T10:00:00+08:00' },
  FarmerPaid: { paymentId: 'pay-1', householdId: 'h-1', villageCode: '371302001001', amountFen: 250_000, paidOn: '2022-07-01' },
  LiveSessionStarted: { sessionId: 'live-1', streamerId: 's-1', platform: 'douyin', title: '沂蒙山苹果专场', startedAt: '2022-06-18T19:30:00+08:00' },
  LiveSessionEnded: { sessionId: 'live-1', streamerId: 's-1', endedAt: '2022-06-18T22:00:00+08:00' },
  LiveAudienceReported: {
    sessionId: 'live-1',
    streamerId: 's-1',
    at: '2022-06-18T20:00:00+08:00',
    onlineNow: 850,
    views: 12_000,
    viewers: 8_000,
    newFollowers: 120,
    productClickUsers: 900,
    comments: 450,
    likes: 30_000,
    watchSeconds: 1_200_000,
  },
  ProduceReferencePriceSet: { regionCode: '371302', product: '沂蒙山苹果', unit: '斤', priceFen: 250, validFrom: '2022-01-01', validTo: '2022-12-31' },
};

/** A fixed "now" after every sample date, so rules about the future are deterministic in tests. */
export const sampleNow = new Date('2023-01-01T00:00:00Z');
