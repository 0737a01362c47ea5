import { type ConfigIssue, parseDestination } from "@rds-log-archive/core";
import { type Flags, listFlag } from "./flags.js";

/**
 * Merges the config file (if any) with the flags, flags winning, into the raw input that core's
 * schema validates. Records which config fields came from flags, so that issues can name them.
 */
export function buildConfigInput(
  flags: Flags,
  fileConfig: Record<string, unknown> | undefined,
  env: Record<string, string | undefined>,
): { input: Record<string, unknown>; fromFlags: Set<string>; issues: ConfigIssue[] } {
  const input: Record<string, unknown> = { ...fileConfig };
  const fromFlags = new Set<string>();
  const issues: ConfigIssue[] = [];
  const set = (field: string, value: unknown, into: Record<string, unknown> = input) => {
    if (value === undefined) return;
    into[field.split(".").at(-1) as string] = value;
    fromFlags.add(field);
  };

  const clusters = listFlag(flags.cluster);
  const instances = listFlag(flags.instance);
  const engines = listFlag(flags.engine);
  const logTypes = listFlag(flags["log-types"]);
  const fileTargets = Array.isArray(input.targets) ? (input.targets as Record<string, unknown>[]) : [];
  const region = flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (clusters || instances || flags.all) {
    // Selecting instances on the command line replaces the file's targets with one target.
    const target: Record<string, unknown> = { region: flags.region ?? fileTargets[0]?.region ?? region };
    set("targets.clusters", clusters, target);
    set("targets.instances", instances, target);
    set("targets.all", flags.all, target);
    set("targets.engines", engines ?? fileTargets[0]?.engines, target);
    set("targets.logTypes", logTypes ?? fileTargets[0]?.logTypes, target);
    // The flags built the whole target, so every issue inside it is theirs.
    fromFlags.add("targets");
    input.targets = [target];
  } else if (fileTargets.length > 0) {
    input.targets = fileTargets.map((t) => {
      const target = { ...t };
      if (target.region === undefined && region !== undefined) target.region = region;
      set("targets.region", flags.region, target);
      set("targets.engines", engines, target);
      set("targets.logTypes", logTypes, target);
      return target;
    });
  } else if (fileConfig === undefined) {
    issues.push({ path: ["targets"], message: "choose what to archive" });
  }

  const destination: Record<string, unknown> = {
    ...(input.destination as Record<string, unknown> | undefined),
  };
  if (flags.dest !== undefined) {
    const parsed = parseDestination(flags.dest);
    if (!parsed.ok) issues.push(...parsed.issues);
    else {
      delete destination.bucket;
      delete destination.dir;
      delete destination.prefix;
      Object.assign(destination, parsed.destination);
      for (const field of ["destination", "destination.bucket", "destination.dir", "destination.prefix"]) {
        fromFlags.add(field);
      }
    }
  }
  set("destination.sse", flags.sse, destination);
  set("destination.kmsKeyId", flags["kms-key-id"], destination);
  set("destination.expectedBucketOwner", flags["expected-bucket-owner"], destination);
  set("destination.keyTemplate", flags["key-template"], destination);
  if (destination.bucket !== undefined && destination.region === undefined && region !== undefined)
    destination.region = region;
  input.destination = destination;

  set("since", flags.since);
  set("until", flags.until);
  set("settle", flags.settle);
  set("includeActive", flags["include-active"]);
  set("concurrency", flags.concurrency);
  set("dryRun", flags["dry-run"]);
  if (flags["no-fail-on-gap"]) set("failOnGap", false);
  return { input, fromFlags, issues };
}
