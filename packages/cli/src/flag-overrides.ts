import type { ConfigOverrides, ConfigOverrideValue } from "@rds-log-archive/core";
import { FIELD_FLAGS, type Flags, listFlag } from "./flags.js";

/**
 * The flags as config overrides, keyed by the config path each flag sets (core's field table);
 * core merges them over the config file. A switch that is off is no override, and
 * `--no-fail-on-gap` sets its field to false.
 */
export function flagOverrides(flags: Flags): ConfigOverrides {
  const overrides: Record<string, ConfigOverrideValue> = {};
  for (const field of FIELD_FLAGS) {
    const value = flags[field.flag as string];
    if (value === undefined || value === false) continue;
    if (field.kind === "list") overrides[field.path] = listFlag(value) ?? [];
    else overrides[field.path] = field.negates ? false : value;
  }
  return overrides as ConfigOverrides;
}
