/**
 * A later run's word on an instance that is gone: an Aurora reader scaled in, an instance deleted
 * between two runs. Its log files went with it, and what the archive still awaited from it (the
 * state's pending versions) are gaps. The run that finds it gone reports them and records them in
 * the instance's state, so no later run reports them again. Costs one state listing per region
 * and, for an instance that is not archived any more, one read of its state (and one
 * DescribeDBInstances when only a cluster listing says it is gone).
 */
import type { ArchiveConfig } from "../../config/parse-config.js";
import type { ObjectStore } from "../../destinations/object-store.js";
import { STATE_FOLDER } from "../../destinations/object-store.js";
import { isArchiverError } from "../../errors.js";
import type { Discovery } from "../../rds/discover-instances.js";
import type { ReportGap } from "../../report/run-report.js";
import { renderStateKey } from "../../state/state-keys.js";
import { updateState } from "../../state/update-state.js";
import { INSTANCE_STATE_CODEC, type InstanceState } from "./instance-state.js";
import { planLostVersionGap, renderReportGap } from "./plan-gaps.js";
import { planNextState } from "./plan-instance.js";
import { type GoneCandidate, selectGoneCandidates } from "./select-gone-candidates.js";

/** The gaps of every gone instance this run answers for; each region's failure is its own. */
export async function reportGoneInstances(
  config: ArchiveConfig,
  store: ObjectStore,
  discovery: Discovery,
  now: Date,
): Promise<{ gaps: ReportGap[]; failures: { region: string; error: unknown }[] }> {
  const gaps: ReportGap[] = [];
  const failures: { region: string; error: unknown }[] = [];
  const regions = [...new Set(config.targets.map((t) => t.region))];
  await Promise.all(
    regions.map(async (region) => {
      try {
        gaps.push(...(await reportRegion(config, store, discovery, region, now)));
      } catch (error) {
        failures.push({ region, error });
      }
    }),
  );
  return { gaps, failures };
}

async function reportRegion(
  config: ArchiveConfig,
  store: ObjectStore,
  discovery: Discovery,
  region: string,
  now: Date,
): Promise<ReportGap[]> {
  const prefix = config.destination.prefix;
  const present = new Set(discovery.seen.instances.filter((i) => i.region === region).map((i) => i.instance));
  const states: InstanceState[] = [];
  for await (const key of store.listState(`${prefix}${STATE_FOLDER}${region}/`)) {
    const id = key.slice(key.lastIndexOf("/") + 1).replace(/\.json$/, "");
    if (!key.endsWith(".json") || present.has(id)) continue;
    const state = INSTANCE_STATE_CODEC.parse((await store.readState(key))?.body);
    // Only a document at the key its instance's state belongs at is that instance's state.
    if (state && key === stateKeyOf(prefix, state)) states.push(state);
  }
  const candidates = selectGoneCandidates({
    region,
    targets: config.targets,
    states,
    seen: discovery.seen,
    onlyInstances: config.onlyInstances,
  });
  const gaps: ReportGap[] = [];
  for (const candidate of candidates) {
    if (!(await isGone(candidate, discovery, region))) continue;
    gaps.push(
      ...(await recordGone(
        store,
        `${prefix}${STATE_FOLDER}${region}/${candidate.state.instance}.json`,
        candidate.state,
        config.dryRun,
        now,
      )),
    );
  }
  return gaps;
}

function stateKeyOf(prefix: string, state: InstanceState): string {
  return renderStateKey(prefix, { source: "log-files", region: state.region, instance: state.instance });
}

async function isGone(candidate: GoneCandidate, discovery: Discovery, region: string): Promise<boolean> {
  if (candidate.confirm === "listed") return true;
  const rds = discovery.targets.find((t) => t.target.region === region)?.rds;
  if (rds === undefined) return false;
  try {
    await rds.listInstances({ id: candidate.state.instance });
    return false;
  } catch (error) {
    if (isArchiverError(error) && error.code === "DB_INSTANCE_NOT_FOUND") return true;
    throw error;
  }
}

/** Reports the pending versions not reported yet, and records them (unless a dry run). */
async function recordGone(
  store: ObjectStore,
  key: string,
  state: InstanceState,
  dryRun: boolean,
  now: Date,
): Promise<ReportGap[]> {
  const target = {
    region: state.region,
    instance: state.instance,
    engine: state.engine ?? "",
    ...(state.cluster === undefined ? {} : { cluster: state.cluster }),
  };
  const why = "was still awaited when the instance was deleted, before it could be archived";
  const reported = new Set(state.reportedGaps.map((g) => g.id));
  const lost = state.pending
    .map((version) => planLostVersionGap(state.instance, version, why))
    .filter((g) => !reported.has(g.id));
  if (!dryRun) {
    const run = { plan: { files: [], gaps: [] }, outcomes: [], gaps: lost, instanceGone: true };
    await updateState(store, key, INSTANCE_STATE_CODEC, (latest) => planNextState(target, run, latest, now));
  }
  return lost.map(renderReportGap);
}
