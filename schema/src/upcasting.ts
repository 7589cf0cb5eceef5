import { catalog, type EventType } from './catalog.ts';
import { yuanToFen } from './money.ts';

/**
 * Events are immutable: an old version stays in the log as written and is upcast on every read.
 * `upcasters[type][v]` turns data of version v into version v + 1; a read applies the chain
 * from the stored version up to the catalog's current one.
 */
type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

export const upcasters: Partial<Record<EventType, Record<number, Upcaster>>> = {
  SaleRecorded: {
    /**
     * v1 carried the order amount as a yuan decimal string (`amountYuan: "12.50"`), as platform
     * exports do. v2 stores integer fen so sums stay exact; the conversion is done on digits,
     * never through floating point.
     */
    1: ({ amountYuan, ...rest }) => ({ ...rest, amountFen: Number(yuanToFen(String(amountYuan))) }),
  },
};

export class UpcastError extends Error {}

/** Brings stored data of `version` up to the current version of its type. */
export function upcast(type: EventType, version: number, data: unknown): unknown {
  const current = catalog[type].version;
  if (version > current) throw new UpcastError(`${type} v${version} is newer than this code knows (v${current})`);
  let value = data as Record<string, unknown>;
  for (let v = version; v < current; v++) {
    const step = upcasters[type]?.[v];
    if (!step) throw new UpcastError(`no upcaster for ${type} from v${v} to v${v + 1}`);
    value = step(value);
  }
  return value;
}
