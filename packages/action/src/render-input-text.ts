import { type ReportError, type RunReport, renderPrintable, renderSettingNames } from "@rds-log-archive/core";
import { inputName } from "./inputs.js";

/**
 * Text for the runner's log: control characters escaped, so that a name from RDS can neither
 * start a workflow command (`\n::set-output …`) nor a terminal escape, and the settings a hint
 * names (in the config's terms) named as the action's inputs.
 */
export const renderInputText = (text: string): string => renderSettingNames(renderPrintable(text), inputName);

/** The report as the job summary and annotations show it: its hints in the action's words. */
export function renderInputHints(report: RunReport): RunReport {
  const hinted = <T extends { error?: ReportError }>(entry: T): T =>
    entry.error?.hint === undefined
      ? entry
      : { ...entry, error: { ...entry.error, hint: renderSettingNames(entry.error.hint, inputName) } };
  const { activity } = report;
  return {
    ...report,
    items: report.items.map(hinted),
    targets: report.targets.map(hinted),
    ...(activity === undefined
      ? {}
      : {
          activity: {
            ...activity,
            streams: activity.streams.map((stream) => ({
              ...hinted(stream),
              shards: stream.shards.map(hinted),
            })),
          },
        }),
  };
}
