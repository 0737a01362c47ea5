import { type ConfigIssue, parseDestination } from "./parse-config.js";

/**
 * What a surface (the CLI's flags, the Action's inputs) can set over the config file, in the
 * schema's terms. An absent (or undefined) override leaves the file's value, or the schema's default.
 * Values stay as the user typed them where the schema coerces (booleans, numbers, durations), so
 * that its messages are the same whichever surface a value came from.
 */
export interface ConfigOverrides {
  /** The targets' region; also the bucket's, unless the destination names its own. */
  region?: string | undefined;
  clusters?: string[] | undefined;
  instances?: string[] | undefined;
  all?: boolean | string | undefined;
  engines?: string[] | undefined;
  logTypes?: string[] | undefined;
  onlyInstances?: string[] | undefined;
  /** `s3://bucket/prefix` or a local folder. */
  destination?: string | undefined;
  destinationRoleArn?: string | undefined;
  destinationRegion?: string | undefined;
  sse?: string | undefined;
  kmsKeyId?: string | undefined;
  expectedBucketOwner?: string | undefined;
  keyTemplate?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  settle?: string | undefined;
  includeActive?: boolean | string | undefined;
  concurrency?: number | string | undefined;
  maxDuration?: string | undefined;
  dryRun?: boolean | string | undefined;
  failOnGap?: boolean | string | undefined;
  notifyCategories?: string[] | undefined;
  notifyTimeZone?: string | undefined;
}

export interface MergedConfigInput {
  /** The raw config for `parseConfig`. */
  input: Record<string, unknown>;
  /** The schema paths (`targets.clusters`, `destination.sse`, …) the overrides set, to name them in issues. */
  overridden: Set<string>;
  /** Problems found while merging, such as an unreadable destination. */
  issues: ConfigIssue[];
}

/**
 * Merges a config file (if any) with a surface's overrides, the overrides winning, into the raw
 * input that `parseConfig` validates. Selecting databases (clusters, instances, all) replaces the
 * file's targets with one target; otherwise region, engines and log types apply to each file target.
 */
export function mergeConfigSources(
  overrides: ConfigOverrides,
  fileConfig: Record<string, unknown> | undefined,
  env: Record<string, string | undefined>,
): MergedConfigInput {
  const input: Record<string, unknown> = { ...fileConfig };
  const overridden = new Set<string>();
  const issues: ConfigIssue[] = [];
  const set = (field: string, value: unknown, into: Record<string, unknown> = input) => {
    if (value === undefined) return;
    into[field.split(".").at(-1) as string] = value;
    overridden.add(field);
  };

  const fileTargets = Array.isArray(input.targets) ? (input.targets as Record<string, unknown>[]) : [];
  const region = overrides.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  // `all: false` selects nothing, so it leaves the file's targets alone; any other value, even a
  // misspelt one, is a selection, for the schema to accept or name.
  const all =
    overrides.all === false || /^\s*false\s*$/i.test(String(overrides.all)) ? undefined : overrides.all;
  if (overrides.clusters || overrides.instances || all !== undefined) {
    // One target of the selected databases, which keeps the region, role, engines and log types
    // of the file's first target unless the overrides give them. Only what the overrides set is
    // theirs in an issue, and a region that the file did not give.
    const { region: fileRegion, roleArn, engines, logTypes } = fileTargets[0] ?? {};
    const target: Record<string, unknown> = {
      region: overrides.region ?? fileRegion ?? region,
      ...(roleArn === undefined ? {} : { roleArn }),
      ...(engines === undefined ? {} : { engines }),
      ...(logTypes === undefined ? {} : { logTypes }),
    };
    if (overrides.region !== undefined || fileRegion === undefined) overridden.add("targets.region");
    set("targets.clusters", overrides.clusters, target);
    set("targets.instances", overrides.instances, target);
    set("targets.all", all, target);
    set("targets.engines", overrides.engines, target);
    set("targets.logTypes", overrides.logTypes, target);
    input.targets = [target];
  } else if (fileTargets.length > 0) {
    input.targets = fileTargets.map((t) => {
      const target = { ...t };
      if (target.region === undefined && region !== undefined) target.region = region;
      set("targets.region", overrides.region, target);
      set("targets.engines", overrides.engines, target);
      set("targets.logTypes", overrides.logTypes, target);
      return target;
    });
  } else if (fileConfig === undefined) {
    issues.push({ path: ["targets"], message: "choose what to archive" });
  }

  const destination: Record<string, unknown> = {
    ...(input.destination as Record<string, unknown> | undefined),
  };
  if (overrides.destination !== undefined) {
    const parsed = parseDestination(overrides.destination);
    if (!parsed.ok) issues.push(...parsed.issues);
    else {
      delete destination.bucket;
      delete destination.dir;
      delete destination.prefix;
      Object.assign(destination, parsed.destination);
      for (const field of ["destination", "destination.bucket", "destination.dir", "destination.prefix"]) {
        overridden.add(field);
      }
    }
  }
  set("destination.roleArn", overrides.destinationRoleArn, destination);
  set("destination.region", overrides.destinationRegion, destination);
  set("destination.sse", overrides.sse, destination);
  set("destination.kmsKeyId", overrides.kmsKeyId, destination);
  set("destination.expectedBucketOwner", overrides.expectedBucketOwner, destination);
  set("destination.keyTemplate", overrides.keyTemplate, destination);
  if (destination.bucket !== undefined && destination.region === undefined && region !== undefined)
    destination.region = region;
  input.destination = destination;

  set("onlyInstances", overrides.onlyInstances);
  set("since", overrides.since);
  set("until", overrides.until);
  set("settle", overrides.settle);
  set("includeActive", overrides.includeActive);
  set("concurrency", overrides.concurrency);
  set("maxDuration", overrides.maxDuration);
  set("dryRun", overrides.dryRun);
  set("failOnGap", overrides.failOnGap);
  if (overrides.notifyCategories !== undefined || overrides.notifyTimeZone !== undefined) {
    const notify: Record<string, unknown> = { ...(input.notify as Record<string, unknown> | undefined) };
    set("notify.categories", overrides.notifyCategories, notify);
    set("notify.timeZone", overrides.notifyTimeZone, notify);
    input.notify = notify;
  }
  return { input, overridden, issues };
}
