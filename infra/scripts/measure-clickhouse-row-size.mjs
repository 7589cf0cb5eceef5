// Usage (repo root): node infra/scripts/measure-clickhouse-row-size.mjs   — figures quoted in infra/DEPLOYMENT.md.
// Row size of a sales fact table in ClickHouse (chDB, same MergeTree engine as the server).
import { Session } from 'chdb';
const s = new Session(process.env.MEASURE_DIR ?? '/tmp/redstream-rowsize');
const N = 2_000_000;
s.query(`DROP TABLE IF EXISTS sales_raw`);
s.query(`CREATE TABLE sales_raw (
  order_id String, streamer_id String, platform LowCardinality(String), category LowCardinality(String),
  region_code LowCardinality(String), park_id LowCardinality(String), product String,
  occurred_at DateTime64(3, 'Asia/Shanghai'), quantity UInt32, amount_fen Int64,
  buyer_region_code LowCardinality(String), origin_village_code String, position UInt64, version UInt64
) ENGINE = ReplacingMergeTree(version) PARTITION BY toYYYYMM(occurred_at) ORDER BY (streamer_id, order_id)`);
// 97,000 streamers (Linyi scale), 2 M orders over 30 days, realistic cardinalities.
s.query(`INSERT INTO sales_raw SELECT
  toString(generateUUIDv4()) AS order_id,
  concat('s-', toString(cityHash64(number) % 97000)) AS streamer_id,
  ['douyin','kuaishou','taobao','wechat_channels','other'][1 + number % 5],
  ['农产品','服装','食品','日用品','家电','美妆'][1 + intDiv(number, 7) % 6],
  concat('3713', leftPad(toString(cityHash64(number, 1) % 12 + 1), 2, '0')),
  concat('park-', toString(cityHash64(number, 2) % 15)),
  concat('商品-', toString(cityHash64(number, 3) % 20000)),
  toDateTime64('2025-06-01 00:00:00', 3, 'Asia/Shanghai') + toIntervalMillisecond(cityHash64(number, 4) % (30 * 86400000)),
  1 + cityHash64(number, 5) % 5,
  toInt64(990 + cityHash64(number, 6) % 50000),
  concat(toString(110000 + (cityHash64(number, 7) % 34) * 10000)),
  if(number % 3 = 0, concat('371302', leftPad(toString(cityHash64(number, 8) % 900000), 6, '0')), ''),
  number * 3, 1
FROM numbers(${N})`);
s.query(`OPTIMIZE TABLE sales_raw FINAL`);
const parts = JSON.parse(s.query(`SELECT sum(rows) AS rows, sum(bytes_on_disk) AS disk, sum(data_uncompressed_bytes) AS raw, sum(primary_key_bytes_in_memory) AS pk FROM system.parts WHERE table = 'sales_raw' AND active`, 'JSON')).data[0];
console.log({ rows: +parts.rows, bytesOnDisk: +parts.disk, perRowDisk: (+parts.disk / +parts.rows).toFixed(1), perRowUncompressed: (+parts.raw / +parts.rows).toFixed(1), pkInMemory: +parts.pk });
const cols = JSON.parse(s.query(`SELECT name, round(sum(data_compressed_bytes)/${N},1) AS per_row FROM system.columns WHERE table='sales_raw' GROUP BY name ORDER BY per_row DESC`, 'JSON')).data;
console.log(cols.map((c) => `${c.name}=${c.per_row}`).join(' '));
// The JSON of one SaleRecorded event as appended to the log (data + metadata).
const event = { type: 'SaleRecorded', data: { orderId: 'b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d', streamerId: 's-48213', occurredAt: '2025-06-18T20:31:07.123+08:00', product: '临沂煎饼 5斤装', category: '农产品', quantity: 2, amountFen: 5980, buyerRegionCode: '110105', originVillageCode: '371302104213' } , metadata: { schemaVersion: 1, factId: 'a1b2c3d4-e5f6-4789-9abc-def012345678', receivedAt: '2025-06-18T20:31:07.456+08:00', keyId: 'platform-douyin' } };
console.log({ eventDataBytes: Buffer.byteLength(JSON.stringify(event.data)), eventMetadataBytes: Buffer.byteLength(JSON.stringify(event.metadata)) });
s.cleanup?.();
