import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  isArchiverError,
  judgeRun,
  mergeRunReports,
  type NamedRunReport,
  parseRunReport,
  type ReportOverlap,
  type RunReport,
} from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";
import { EXIT } from "./exit-codes.js";
import { renderEventsSummary } from "./render-events-summary.js";
import { renderSummary } from "./render-summary.js";
import { saveReport } from "./save-report.js";
import { REPORT_HELP } from "./usage.js";

const OPTIONS = {
  json: { type: "boolean" },
  report: { type: "string" },
  "no-fail-on-gap": { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * `report merge FILE...`: merges the run reports of a matrix's shard jobs into the report of the
 * whole run, prints its summary (and `--json`, `--report OUT`), and judges it as sync would: exit 1
 * when any shard had a failure, a target error or a gap, or when the shards overlap; 2 when a
 * file is missing, unreadable or not a run report of a known version.
 */
export async function runReportCommand(argv: string[], io: CommandIo): Promise<number> {
  const [subcommand, ...rest] = argv;
  if (subcommand === "--help" || subcommand === "-h") {
    io.stdout.write(REPORT_HELP);
    return EXIT.ok;
  }
  if (subcommand !== "merge") {
    const what = subcommand === undefined ? "needs a subcommand" : `has no subcommand "${subcommand}"`;
    io.stderr.write(`rds-log-archive report ${what}\n\n${REPORT_HELP}`);
    return EXIT.usage;
  }
  const fail = (message: string) => {
    io.stderr.write(`rds-log-archive report merge: ${message}\n`);
    return EXIT.usage;
  };
  let parsed: ReturnType<typeof parseMergeArgs>;
  try {
    parsed = parseMergeArgs(rest);
  } catch (error) {
    return fail(`${(error as Error).message}\nsee \`rds-log-archive report --help\``);
  }
  const { values: flags, positionals: files } = parsed;
  if (flags.help) {
    io.stdout.write(REPORT_HELP);
    return EXIT.ok;
  }
  if (files.length === 0)
    return fail("give the run report files to merge (what each shard's sync --report wrote)");
  const resolved = files.map((file) => resolve(file));
  const twice = files.find((_, i) => resolved.indexOf(resolved[i] as string) !== i);
  if (twice !== undefined) return fail(`${twice} is given twice; each shard's report is merged once`);

  const reports: NamedRunReport[] = [];
  let merged: { report: RunReport; overlaps: ReportOverlap[] };
  try {
    for (const file of files) {
      const text = await readFile(file, "utf8").catch((error: Error) => {
        throw new Error(`cannot read ${file}: ${error.message}`);
      });
      reports.push({ source: file, report: parseRunReport(text, file) });
    }
    merged = mergeRunReports(reports);
  } catch (error) {
    const hint = isArchiverError(error) && error.hint ? `\n  hint: ${error.hint}` : "";
    return fail(`${(error as Error).message}${hint}`);
  }

  const { report, overlaps } = merged;
  if (flags.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const verdict = judgeRun(report, { failOnGap: !flags["no-fail-on-gap"] });
  const failed = verdict.failed || overlaps.length > 0;
  if (!flags.quiet || failed) {
    const out = flags.json ? io.stderr : io.stdout;
    out.write(`merged ${files.length} run reports: ${files.join(", ")}\n`);
    out.write(
      report.events ? renderEventsSummary(report) : renderSummary(report, report.dryRun ? "plan" : "sync"),
    );
    if (overlaps.length > 0) {
      out.write(
        "overlaps (each instance belongs to one shard; check the matrix and each job's --only-instances):\n",
      );
      for (const overlap of overlaps) out.write(`  ${overlap.message}\n`);
    }
  }
  if (flags.report !== undefined && !(await saveReport("report merge", flags.report, report, io)))
    return EXIT.failed;
  return failed ? EXIT.failed : EXIT.ok;
}

function parseMergeArgs(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
}
