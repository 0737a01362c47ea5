/**
 * How many rows of each long section fit in `budget` bytes. When they do not all fit, the longest
 * sections are cut first, down to a common size: a section smaller than that size keeps every row,
 * the others keep their first rows up to it. So a long per-instance table cannot crowd out the
 * failures, nor the other way round. Rows are kept whole, in order.
 *
 * `rowBytes[s][r]` is the UTF-8 size of row `r` of section `s`; the result is the number of rows
 * to show per section.
 */
export function selectRowsThatFit(rowBytes: readonly (readonly number[])[], budget: number): number[] {
  const sizes = rowBytes.map((rows) => rows.reduce((sum, n) => sum + n, 0));
  const cap = commonCap(sizes, Math.max(0, budget));
  return rowBytes.map((rows) => {
    let used = 0;
    let shown = 0;
    for (const bytes of rows) {
      if (used + bytes > cap) break;
      used += bytes;
      shown++;
    }
    return shown;
  });
}

/** The largest size such that every section cut to it fits in the budget (Infinity when all fit). */
function commonCap(sizes: readonly number[], budget: number): number {
  const ascending = [...sizes].sort((a, b) => a - b);
  let left = budget;
  for (let i = 0; i < ascending.length; i++) {
    const share = left / (ascending.length - i);
    const size = ascending[i] ?? 0;
    if (size > share) return share;
    left -= size;
  }
  return Number.POSITIVE_INFINITY;
}
