import { parseArgs } from "node:util";
import {
  isArchiverError,
  judgeRun,
  mergeRunReports,
  type NamedRunReport,
  type ReportOverlap,
  type RunReport,
  readRunReports,
} from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";
import { EXIT } from "./exit-codes.js";
import { renderEventsSummary } from "./render-events-summary.js";
import { renderSummary, renderText } from "./render-summary.js";
import { readReportPathProblem, saveReport } from "./save-report.js";
import { REPORT_HELP } from "./usage.js";

const OPTIONS = {
  json: { type: "boolean" },
  report: { type: "string" },
  "no-fail-on-gap": { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * `merge-reports FILE|DIR...` (alias `report merge`): merges the run reports of a matrix's shard
 * jobs into the report of the whole run, prints its summary (and `--json`, `--report OUT`), and
 * judges it as sync would: exit 1 when any shard had a failure, a target error or a gap, or when
 * the shards overlap; 2 when a path is missing, or a file unreadable or not a run report of a
 * known version. `name` is the command as the user typed it, for messages.
 */
export async function runMergeReportsCommand(argv: string[], io: CommandIo, name: string): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`rds-log-archive ${name}: ${message}\n`);
    return EXIT.usage;
  };
  let parsed: ReturnType<typeof parseMergeArgs>;
  try {
    parsed = parseMergeArgs(argv);
  } catch (error) {
    return fail(`${(error as Error).message}\nsee \`rds-log-archive merge-reports --help\``);
  }
  const { values: flags, positionals: paths } = parsed;
  if (flags.help) {
    io.stdout.write(REPORT_HELP);
    return EXIT.ok;
  }
  if (paths.length === 0)
    return fail(
      "give the run report files to merge (what each shard's sync --report wrote), or their folder",
    );
  const reportProblem = flags.report === undefined ? undefined : await readReportPathProblem(flags.report);
  if (reportProblem !== undefined) return fail(`--report: ${reportProblem}`);

  let reports: NamedRunReport[];
  let merged: { report: RunReport; overlaps: ReportOverlap[] };
  try {
    reports = await readRunReports(paths);
    merged = mergeRunReports(reports);
  } catch (error) {
    const hint = isArchiverError(error) && error.hint ? `\n  hint: ${renderText(error.hint)}` : "";
    return fail(`${renderText((error as Error).message)}${hint}`);
  }

  const { report, overlaps } = merged;
  if (flags.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const verdict = judgeRun(report, { failOnGap: !flags["no-fail-on-gap"] });
  const failed = verdict.failed || overlaps.length > 0;
  if (!flags.quiet || failed) {
    const out = flags.json ? io.stderr : io.stdout;
    out.write(
      `merged ${reports.length} run reports: ${reports.map((r) => renderText(r.source)).join(", ")}\n`,
    );
    out.write(report.events ? renderEventsSummary(report) : renderSummary(report));
    if (overlaps.length > 0) {
      out.write(
        "overlaps (each instance belongs to one shard; check the matrix and each job's --only-instances):\n",
      );
      for (const overlap of overlaps) out.write(`  ${renderText(overlap.message)}\n`);
    }
  }
  if (flags.report !== undefined && !(await saveReport(name, flags.report, report, io))) return EXIT.failed;
  return failed ? EXIT.failed : EXIT.ok;
}

function parseMergeArgs(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
}
