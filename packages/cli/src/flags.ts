import { parseArgs } from "node:util";
import {
  CONFIG_FIELDS,
  type ConfigField,
  parseListText,
  renderConfigFieldNames,
} from "@rds-log-archive/core";

/** A parseArgs option. */
type FlagOption = { type: "string" | "boolean"; multiple?: boolean; short?: string };

/** The config fields that have a flag: the flags themselves come from core's field table. */
export const FIELD_FLAGS: readonly ConfigField[] = (CONFIG_FIELDS as readonly ConfigField[]).filter(
  (field) => field.flag !== undefined,
);

/** The flags of the CLI itself, which set no config field. */
export const CLI_OPTIONS = {
  config: { type: "string" },
  profile: { type: "string" },
  report: { type: "string" },
  json: { type: "boolean" },
  shards: { type: "string" },
  matrix: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  verbose: { type: "boolean", short: "v" },
  help: { type: "boolean", short: "h" },
} as const satisfies Record<string, FlagOption>;

/** The parseArgs option of a config field's flag. */
function optionOf(field: ConfigField): FlagOption {
  if (field.kind === "boolean") return { type: "boolean" };
  return field.kind === "list" ? { type: "string", multiple: true } : { type: "string" };
}

/** Every flag of `sync`, `plan` and `matrix`: the config fields' and the CLI's own. */
export const FLAG_OPTIONS: Readonly<Record<string, FlagOption>> = {
  ...Object.fromEntries(FIELD_FLAGS.map((field) => [field.flag as string, optionOf(field)])),
  ...CLI_OPTIONS,
};

/** Parsed flags, by flag name. */
export type Flags = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** The flags of `options` in `argv` (after the command); unknown flags and positionals throw. */
export function parseFlags(
  argv: string[],
  options: Readonly<Record<string, FlagOption>> = FLAG_OPTIONS,
): Flags {
  return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values as Flags;
}

/** A string flag's value; undefined when absent. */
export function textFlag(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
}

/** `--cluster a,b --cluster c` → `["a", "b", "c"]`; `--log-types 'x.{10,11}'` stays one glob. */
export function listFlag(values: unknown): string[] | undefined {
  if (!Array.isArray(values)) return undefined;
  return values.flatMap((value: string) => parseListText(value));
}

/** How the CLI names a config field: by its flag. */
export const flagName = (field: ConfigField): string | undefined =>
  field.flag === undefined ? undefined : `--${field.flag}`;

/** Which flag sets each config path, so an issue can be told in the words the user typed. */
export const FLAG_FOR_PATH: Readonly<Record<string, string>> = renderConfigFieldNames(flagName);
