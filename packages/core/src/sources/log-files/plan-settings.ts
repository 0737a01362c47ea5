import type { ArchiveConfig, ArchiveTarget } from "../../config/parse-config.js";
import { DEFAULT_COMPRESSION, parseCompression } from "./compression.js";
import type { PlanSettings } from "./plan-instance.js";

/**
 * The settings every instance of `target` is planned with, at `now`. Shared by `archive` and the
 * matrix listing, so that the bytes a shard is sized by are the bytes sync would select.
 */
export function planSettingsFor(config: ArchiveConfig, target: ArchiveTarget, now: Date): PlanSettings {
  return {
    now,
    settleMs: config.settle,
    includeActive: config.includeActive,
    ...(config.since === undefined ? {} : { since: config.since }),
    ...(config.until === undefined ? {} : { until: config.until }),
    logTypes: target.logTypes,
    keyTemplate: config.destination.keyTemplate,
    prefix: config.destination.prefix,
    compression: parseCompression(config.compression ?? "gzip") ?? DEFAULT_COMPRESSION,
  };
}
