import { changeLogFile } from "./change-log-file.js";
import type { FaultPlan } from "./faults.js";
import type { FleetPartition } from "./fleet-partitions.js";

/**
 * What happens to the fleet as a download of `logFileName` starts on `instanceId`: the file
 * change a knob has due for it (growth, rotation, replacement) is made first, so the download
 * serves the changed file; then the download is counted, and an instance whose removal is due
 * goes away (this download is still served in full; the next call naming it is not).
 */
export async function onDownloadStart(
  partition: FleetPartition,
  faults: FaultPlan,
  instanceId: string,
  logFileName: string,
  now: Date,
): Promise<void> {
  const change = faults.takeFileChange(instanceId, logFileName);
  if (change) await changeLogFile(partition.store, instanceId, logFileName, change, now.getTime());
  if (faults.countDownloadForRemoval(partition.accountId, partition.region, instanceId)) {
    partition.removeInstance(instanceId);
  }
}
