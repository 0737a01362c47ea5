import type { ArchiveTarget } from "../../config/parse-config.js";
import { type InstanceRef, matchesInstanceRef } from "../../fanout/instance-ref.js";
import type { DiscoveredInstance, TargetFailure } from "../../rds/list-targets.js";
import type { InstanceState } from "./instance-state.js";

/** An instance the archive has a state for, that discovery did not find; how to confirm it is gone. */
export interface GoneCandidate {
  state: InstanceState;
  /** `listed`: a region listing (`all`) or RDS itself (a named instance not found) already says so; `ask`: ask RDS. */
  confirm: "listed" | "ask";
}

/**
 * Which undiscovered instances with a state this run is answerable for: those a config target in
 * their region would have selected (named, a member of a named cluster, or any with `all`; the
 * engine filter and `onlyInstances` applied), in a region whose discovery did not fail, since a
 * failed listing may hide an instance that is still there. A gone instance whose state awaits
 * nothing needs no more word. Pure.
 */
export function selectGoneCandidates(input: {
  region: string;
  targets: readonly ArchiveTarget[];
  states: readonly InstanceState[];
  seen: { instances: readonly DiscoveredInstance[]; failures: readonly TargetFailure[] };
  onlyInstances: readonly InstanceRef[] | undefined;
}): GoneCandidate[] {
  const { region } = input;
  const targets = input.targets.filter((t) => t.region === region);
  const notFound = (failure: TargetFailure) =>
    failure.instance !== undefined && failure.error.code === "DB_INSTANCE_NOT_FOUND";
  const failures = input.seen.failures.filter((f) => f.region === region);
  if (failures.some((f) => !notFound(f))) return [];
  const named = new Set(failures.map((f) => f.instance?.toLowerCase()));
  const present = new Set(
    input.seen.instances.filter((i) => i.region === region).map((i) => i.instance.toLowerCase()),
  );
  const candidates: GoneCandidate[] = [];
  for (const state of input.states) {
    const id = state.instance.toLowerCase();
    if (state.region !== region || present.has(id) || state.pending.length === 0) continue;
    if (
      input.onlyInstances &&
      !input.onlyInstances.some((ref) => matchesInstanceRef(ref, { region, instance: id }))
    )
      continue;
    const selecting = targets.filter(
      (t) =>
        (t.engines.length === 0 || state.engine === undefined || t.engines.includes(state.engine)) &&
        (t.all ||
          t.instances.some((i) => i.toLowerCase() === id) ||
          (state.cluster !== undefined && t.clusters.includes(state.cluster))),
    );
    if (selecting.length === 0) continue;
    candidates.push({ state, confirm: named.has(id) || selecting.some((t) => t.all) ? "listed" : "ask" });
  }
  return candidates;
}
