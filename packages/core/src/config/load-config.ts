import { type ConfigOverrides, mergeConfigSources } from "./merge-config-sources.js";
import {
  type ArchiveConfig,
  type ArchiveDestination,
  type ConfigIssue,
  parseConfig,
  parseDestinationConfig,
} from "./parse-config.js";
import { readConfigFile } from "./read-config-file.js";

/** Where a surface's config comes from: a config file (if any) under the surface's overrides. */
export interface ConfigSource {
  overrides: ConfigOverrides;
  /** A YAML or JSON config file. */
  configFile?: string | undefined;
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
 * every problem at once. The CLI and the Action both load their config here.
 *
 * @throws {ArchiverError} `CONFIG_INVALID` when the config file cannot be read or parsed.
 */
export async function loadConfig(source: ConfigSource): Promise<LoadedConfig> {
  const fileConfig = source.configFile === undefined ? undefined : await readConfigFile(source.configFile);
  const { input, overridden, issues } = mergeConfigSources(source.overrides, fileConfig, source.env);
  const parsed = parseConfig(input, source.now);
  const all = [...issues, ...(parsed.ok ? [] : parsed.issues)];
  if (!parsed.ok || all.length > 0) return { ok: false, issues: all, overridden };
  return { ok: true, config: parsed.config, overridden };
}

/**
 * Like {@link loadConfig}, for the destination alone: what a command that reads nothing from RDS
 * (`athena-ddl`) needs. The targets, and any problem with them, are left alone.
 *
 * @throws {ArchiverError} `CONFIG_INVALID` when the config file cannot be read or parsed.
 */
export async function loadDestinationConfig(source: ConfigSource): Promise<
  ({ ok: true; destination: ArchiveDestination } | { ok: false; issues: ConfigIssue[] }) & {
    overridden: ReadonlySet<string>;
  }
> {
  const fileConfig = source.configFile === undefined ? undefined : await readConfigFile(source.configFile);
  const { input, overridden, issues } = mergeConfigSources(source.overrides, fileConfig, source.env);
  const parsed = parseDestinationConfig(input);
  const all = [
    ...issues.filter((issue) => issue.path[0] === "destination"),
    ...(parsed.ok ? [] : parsed.issues),
  ];
  if (!parsed.ok || all.length > 0) return { ok: false, issues: all, overridden };
  return { ok: true, destination: parsed.destination, overridden };
}

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
