/**
 * `onlyInstances` narrows what the configured targets discover; it never adds to it. Discovery
 * still runs per target, with that target's region, role, clusters and engines, and only then are
 * the named instances kept. So every shard of `plan --matrix` runs with the same config, and each
 * archives exactly its own instances, with the region and role of the target that found them.
 */
import { ArchiverError } from "../errors.js";
import { type InstanceRef, matchesInstanceRef, renderInstanceRef } from "./instance-ref.js";

interface Located {
  region: string;
  instance: string;
}

/** A target that discovery could not resolve: a cluster, an instance, or a whole region (`all`). */
interface Unresolved {
  region: string;
  cluster?: string;
  instance?: string;
}

/** The discovered instances that `only` names; all of them when there is no restriction. */
export function selectOnlyInstances<T extends Located>(
  instances: readonly T[],
  only: readonly InstanceRef[] | undefined,
): T[] {
  if (only === undefined) return [...instances];
  return instances.filter((found) => only.some((ref) => matchesInstanceRef(ref, found)));
}

/**
 * Whether a discovery failure may hide an instance that `only` names, so that a restricted run
 * still reports it: a failed cluster or region listing may hide any instance of its region, a
 * failed instance lookup only that instance.
 */
export function keepsDiscoveryFailure(
  failure: Unresolved,
  only: readonly InstanceRef[] | undefined,
): boolean {
  if (only === undefined) return true;
  return only.some(
    (ref) =>
      (ref.region === undefined || ref.region === failure.region) &&
      (failure.instance === undefined || ref.instance.toLowerCase() === failure.instance.toLowerCase()),
  );
}

/**
 * The named instances that no target discovered and that no discovery failure can explain. Each
 * is an error of the run, not a silent no-op: a shard that archives nothing must say why.
 */
export function findUnmatchedInstances(
  only: readonly InstanceRef[] | undefined,
  discovered: readonly Located[],
  failures: readonly Unresolved[],
): InstanceRef[] {
  if (only === undefined) return [];
  return only.filter(
    (ref) =>
      !discovered.some((found) => matchesInstanceRef(ref, found)) &&
      !failures.some((failure) => keepsDiscoveryFailure(failure, [ref])),
  );
}

/** The error reported for a named instance that the configured targets no longer select. */
export function unmatchedInstanceError(ref: InstanceRef): ArchiverError {
  return new ArchiverError(
    "DB_INSTANCE_NOT_FOUND",
    `instance ${renderInstanceRef(ref)} was named to archive, but none of the configured targets selects it`,
    {
      hint: "check its name and region; if a plan --matrix named it, the instance was deleted or the config changed since, so plan again",
    },
  );
}
