import type { ConfigFieldPath } from "./config-fields.js";
import { type ConfigIssue, parseDestination } from "./parse-config.js";

/** A value as a surface hands it over: typed text, a list, or a switch. */
export type ConfigOverrideValue = string | boolean | readonly string[];

/**
 * What a surface (the CLI's flags, the Action's inputs) sets over the config file, keyed by the
 * field's path in {@link CONFIG_FIELDS} (`destination.sse`, `targets[].clusters`). An absent (or
 * undefined) override leaves the file's value, or the schema's default. Values stay as the user
 * typed them where the schema coerces (booleans, numbers, durations), so that its messages are the
 * same whichever surface a value came from.
 */
export type ConfigOverrides = Partial<Record<ConfigFieldPath, ConfigOverrideValue | undefined>>;

export interface MergedConfigInput {
  /** The raw config for `parseConfig`. */
  input: Record<string, unknown>;
  /** The schema paths (`targets.clusters`, `destination.sse`, …) the overrides set, to name them in issues. */
  overridden: Set<string>;
  /** Problems found while merging, such as an unreadable destination. */
  issues: ConfigIssue[];
}

/** The target fields that select databases: giving one replaces the file's targets. */
const SELECTION = new Set(["clusters", "instances", "all"]);

/**
 * Merges a config file (if any) with a surface's overrides into the raw input that `parseConfig`
 * validates. Selecting databases (clusters, instances, all) replaces the file's targets with one
 * target, which keeps the other fields of the file's first target unless the overrides give
 * them. Otherwise every other target override applies to each file target, except the region:
 * like `defaultRegion` (the SDK's), an overriding region only fills in a target that names none,
 * and never replaces a region the file states.
 */
export function mergeConfigSources(
  overrides: ConfigOverrides,
  fileConfig: Record<string, unknown> | undefined,
  defaultRegion: string | undefined,
): MergedConfigInput {
  const input: Record<string, unknown> = { ...fileConfig };
  const overridden = new Set<string>();
  const issues: ConfigIssue[] = [];
  const targetOverrides: Record<string, ConfigOverrideValue> = {};
  // Sections such as `destination` and `notify`, copied on first use so the file's stay untouched.
  const sections: Record<string, Record<string, unknown>> = {};
  const sectionOf = (name: string) =>
    (sections[name] ??= { ...(input[name] as Record<string, unknown> | undefined) });
  const destination = sectionOf("destination");

  for (const [path, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (path.startsWith("targets[].")) targetOverrides[path.slice("targets[].".length)] = value;
    else if (path === "destination") {
      const parsed = parseDestination(String(value));
      if (!parsed.ok) issues.push(...parsed.issues);
      else {
        for (const field of ["bucket", "dir", "prefix"]) delete destination[field];
        Object.assign(destination, parsed.destination);
        for (const field of ["destination", "destination.bucket", "destination.dir", "destination.prefix"])
          overridden.add(field);
      }
    } else if (path.includes(".")) {
      const [section = "", field = ""] = path.split(".", 2);
      sectionOf(section)[field] = value;
      overridden.add(path);
    } else {
      input[path] = value;
      overridden.add(path);
    }
  }
  Object.assign(input, sections);

  // `all: false` selects nothing, so it leaves the file's targets alone; any other value, even a
  // misspelt one, is a selection, for the schema to accept or name.
  if (targetOverrides.all === false || /^\s*false\s*$/i.test(String(targetOverrides.all)))
    delete targetOverrides.all;
  const { region, ...others } = targetOverrides;
  const apply = (target: Record<string, unknown>) => {
    for (const [field, value] of Object.entries(others)) {
      target[field] = value;
      overridden.add(`targets.${field}`);
    }
    // Only what the overrides set is theirs in an issue, and a region that the file did not give.
    if (target.region === undefined) {
      target.region = region ?? defaultRegion;
      overridden.add("targets.region");
    }
    return target;
  };
  const fileTargets = Array.isArray(input.targets) ? (input.targets as Record<string, unknown>[]) : [];
  if (Object.keys(others).some((field) => SELECTION.has(field))) {
    const base = Object.fromEntries(
      Object.entries(fileTargets[0] ?? {}).filter(([field]) => !SELECTION.has(field)),
    );
    // The selected databases are the overrides' own target, so their region is its region.
    if (region !== undefined) {
      base.region = region;
      overridden.add("targets.region");
    }
    input.targets = [apply(base)];
  } else if (fileTargets.length > 0) {
    input.targets = fileTargets.map((target) => apply({ ...target }));
  } else if (fileConfig === undefined) {
    issues.push({ path: ["targets"], message: "choose what to archive" });
  }
  return { input, overridden, issues };
}
