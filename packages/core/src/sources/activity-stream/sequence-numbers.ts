/**
 * Kinesis sequence numbers are decimal strings of up to 128 bits (56 digits and more are common):
 * Number would round them, so they are compared as BigInt. They increase within a shard, with gaps.
 */

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareSequenceNumbers(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether `sequenceNumber` is at or before `through`. */
export function isAtOrBefore(sequenceNumber: string, through: string | undefined): boolean {
  return through !== undefined && compareSequenceNumbers(sequenceNumber, through) <= 0;
}
