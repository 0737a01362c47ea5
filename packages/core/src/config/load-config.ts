import { readDestinationDirProblem } from "../adapters/read-destination-dir-problem.js";
import { resolveSdkRegion } from "../adapters/resolve-sdk-region.js";
import { type ConfigOverrides, mergeConfigSources } from "./merge-config-sources.js";
import {
  type ArchiveConfig,
  type ArchiveDestination,
  type ConfigIssue,
  type DestinationConfig,
  type DestinationConfigField,
  parseConfig,
  parseDestinationConfig,
} from "./parse-config.js";
import { readConfigFile } from "./read-config-file.js";

/** Where a surface's config comes from: a config file (if any) under the surface's overrides. */
export interface ConfigSource {
  overrides: ConfigOverrides;
  /** A YAML or JSON config file. */
  configFile?: string | undefined;
  /** For the SDK's default region (AWS_REGION, AWS_DEFAULT_REGION, the profile's region). */
  env: Record<string, string | undefined>;
  /** For relative `since`/`until`. */
  now: Date;
}

export type LoadedConfig = ({ ok: true; config: ArchiveConfig } | { ok: false; issues: ConfigIssue[] }) & {
  /** The schema paths the overrides set, so that an issue can be named as the user gave it. */
  overridden: ReadonlySet<string>;
};

/**
 * Reads the config file, merges the overrides over it and validates the result: the config, or
 * every problem at once. The CLI and the Action both load their config here. A target that names
 * no region, and gets none from the overrides, takes the SDK's default region (read only then);
 * a folder destination that is a file, or that a run could not write, is an issue too, so that a
 * run that cannot finish never starts.
 *
 * @throws {ArchiverError} `CONFIG_INVALID` when the config file cannot be read or parsed.
 */
export async function loadConfig(source: ConfigSource): Promise<LoadedConfig> {
  return loadWith(source, parseConfig);
}

async function loadWith<T extends { destination: ArchiveDestination; dryRun?: boolean }>(
  source: ConfigSource,
  parse: (input: unknown, now: Date) => { ok: true; config: T } | { ok: false; issues: ConfigIssue[] },
  relevant: (issue: ConfigIssue) => boolean = () => true,
): Promise<
  ({ ok: true; config: T } | { ok: false; issues: ConfigIssue[] }) & { overridden: ReadonlySet<string> }
> {
  const fileConfig = source.configFile === undefined ? undefined : await readConfigFile(source.configFile);
  let merged = mergeConfigSources(source.overrides, fileConfig, undefined);
  if (lacksRegion(merged.input))
    merged = mergeConfigSources(
      source.overrides,
      fileConfig,
      await resolveSdkRegion(source.env, { instanceMetadata: true }),
    );
  const { input, overridden, issues } = merged;
  const parsed = parse(input, source.now);
  const all = [...issues.filter(relevant), ...(parsed.ok ? [] : parsed.issues)];
  if (parsed.ok && parsed.config.destination.kind === "dir") {
    const problem = await readDestinationDirProblem(parsed.config.destination.dir, {
      write: parsed.config.dryRun === false,
    });
    if (problem !== undefined) all.push({ path: ["destination", "dir"], message: problem });
  }
  if (!parsed.ok || all.length > 0) return { ok: false, issues: all, overridden };
  return { ok: true, config: parsed.config, overridden };
}

function lacksRegion(input: Record<string, unknown>): boolean {
  const targets = Array.isArray(input.targets) ? (input.targets as Record<string, unknown>[]) : [];
  return targets.some((target) => target?.region === undefined);
}

/**
 * Like {@link loadConfig}, for a config reduced to its destination and the `fields` named besides:
 * what a command that reads nothing from RDS needs (`athena-ddl` the destination alone, `verify`
 * the window and the pace too). The file's other fields, the targets among them, are not read,
 * and no problem with them is reported.
 *
 * @throws {ArchiverError} `CONFIG_INVALID` when the config file cannot be read or parsed.
 */
export async function loadDestinationConfig<K extends DestinationConfigField = never>(
  source: ConfigSource,
  fields: readonly K[] = [],
): Promise<LoadedDestinationConfig<K>> {
  const read: readonly string[] = ["destination", ...fields];
  return loadWith(
    source,
    (input, now) => parseDestinationConfig(input, now, fields),
    (issue) => read.includes(String(issue.path[0])),
  );
}

/** {@link loadDestinationConfig}'s result: the reduced config, or every problem with it. */
export type LoadedDestinationConfig<K extends DestinationConfigField = never> = (
  | { ok: true; config: DestinationConfig<K> }
  | { ok: false; issues: ConfigIssue[] }
) & { overridden: ReadonlySet<string> };

/**
 * Names a config issue the way the user gave the value: by the surface's own name for the field
 * (a flag, an input) when an override set it, or when there is no config file; by its path in
 * the config file otherwise (`targets[0].clusters in rds-log-archive.yml`). `names` maps schema
 * paths (`destination.sse`, `targets.clusters`, `targets`) to the surface's names.
 */
export function describeConfigIssuePath(
  path: readonly (string | number)[],
  context: {
    names: Readonly<Record<string, string>>;
    overridden: ReadonlySet<string>;
    configFile?: string | undefined;
  },
): string {
  const field = path.filter((part) => typeof part === "string").join(".");
  const name = context.names[field] ?? context.names[field.split(".").slice(0, 2).join(".")];
  if (name !== undefined && (context.configFile === undefined || context.overridden.has(field))) return name;
  const dotted = path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join("");
  return context.configFile === undefined ? dotted : `${dotted} in ${context.configFile}`;
}
