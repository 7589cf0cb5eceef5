/** Money below GraphQL is integer fen (a bigint); the conversions are @redstream/schema's. */
export type Fen = bigint;

export { divRound, fenToYuan, toFen, yuanToFen } from '@redstream/schema';
