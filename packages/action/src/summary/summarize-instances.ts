import type { ReportError, RunReport } from "@rds-log-archive/core";

/** One row of the per-instance table. */
export interface InstanceSummary {
  instance: string;
  cluster: string | undefined;
  /** Sorted; more than one only when the same instance id was a target in several regions. */
  regions: string[];
  engine: string;
  archived: number;
  planned: number;
  skipped: number;
  failed: number;
  bytesIn: number;
  bytesOut: number;
  errors: ReportError[];
}

/**
 * Totals per instance, from the targets and the items of a report, merged or not. Items carry no
 * region, so an instance id that was a target in two regions is one row listing both.
 *
 * Instances that need attention (a target error or a failed file) come first, then the rest by
 * region, cluster and instance id, with numbers in names in numeric order (`db-2` before
 * `db-10`). The collation is fixed, so the order never depends on the runner's locale or on the
 * order of the shards.
 */
export function summarizeInstances(report: RunReport): InstanceSummary[] {
  const byInstance = new Map<string, InstanceSummary>();
  const rowFor = (instance: string, cluster: string | undefined): InstanceSummary => {
    let row = byInstance.get(instance);
    if (!row) {
      row = {
        instance,
        cluster,
        regions: [],
        engine: "",
        archived: 0,
        planned: 0,
        skipped: 0,
        failed: 0,
        bytesIn: 0,
        bytesOut: 0,
        errors: [],
      };
      byInstance.set(instance, row);
    }
    row.cluster ??= cluster;
    return row;
  };

  for (const target of report.targets) {
    const row = rowFor(target.instance, target.cluster);
    if (!row.regions.includes(target.region)) row.regions.push(target.region);
    if (row.engine === "") row.engine = target.engine;
    if (target.error) row.errors.push(target.error);
  }
  for (const item of report.items) {
    const row = rowFor(item.instance, item.cluster);
    row[item.outcome]++;
    row.bytesIn += item.bytesIn;
    row.bytesOut += item.bytesOut;
  }

  const rows = [...byInstance.values()];
  for (const row of rows) row.regions.sort(compare);
  return rows.sort(
    (a, b) =>
      Number(needsAttention(b)) - Number(needsAttention(a)) ||
      compare(a.regions.join(), b.regions.join()) ||
      compare(a.cluster ?? "", b.cluster ?? "") ||
      compare(a.instance, b.instance),
  );
}

const needsAttention = (row: InstanceSummary) => row.errors.length > 0 || row.failed > 0;

const collator = new Intl.Collator("en-US", { numeric: true });
// Names the collator deems equal (differing only in case, say) still get one fixed order.
const compare = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
