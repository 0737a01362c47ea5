#!/usr/bin/env node
/**
 * The `rds-log-archive` entry: argv in, exit code out. Only this file calls `process.exit`, and
 * only after stdout has drained, so a piped `--json` report is never cut short.
 *
 * One vocabulary with the GitHub Action's `command` input: sync, plan, matrix, merge-reports
 * (docs/adr/0006-one-command-vocabulary.md). `plan --matrix` and `report merge` stay as aliases.
 */
import { readFileSync } from "node:fs";
import type { CommandIo } from "./command-io.js";
import { EXIT } from "./exit-codes.js";
import { runActivityStreamCommand } from "./run-activity-stream-command.js";
import { runArchiveCommand } from "./run-archive-command.js";
import { runAthenaDdlCommand } from "./run-athena-ddl-command.js";
import { runEventsCommand } from "./run-events-command.js";
import { runIamPolicyCommand } from "./run-iam-policy-command.js";
import { runMergeReportsCommand } from "./run-merge-reports-command.js";
import { runVerifyCommand } from "./run-verify-command.js";
import { MAIN_HELP, REPORT_HELP } from "./usage.js";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

async function main(argv: string[]): Promise<number> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const [command, ...rest] = argv;
  const io: CommandIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    now: () => new Date(),
  };
  switch (command) {
    case "sync":
    case "plan":
    case "matrix":
      return runArchiveCommand(command, rest, io);
    case "events":
      return runEventsCommand(rest, io);
    case "activity-stream":
      return runActivityStreamCommand(rest, io);
    case "verify":
      return runVerifyCommand(rest, io);
    case "merge-reports":
      return runMergeReportsCommand(rest, io, "merge-reports");
    case "report":
      return runReportAlias(rest, io);
    case "iam-policy":
      return runIamPolicyCommand(rest, io);
    case "athena-ddl":
      return runAthenaDdlCommand(rest, io);
    case "--version":
    case "-V":
      process.stdout.write(`${version}\n`);
      return EXIT.ok;
    case "--help":
    case "-h":
      process.stdout.write(MAIN_HELP);
      return EXIT.ok;
    case "-v":
    case "--verbose":
      process.stderr.write(
        "rds-log-archive: -v is --verbose, given after a command (rds-log-archive sync -v …); the version is -V or --version\n",
      );
      return EXIT.usage;
  }
  process.stderr.write(
    command === undefined ? MAIN_HELP : `rds-log-archive: unknown command "${command}"\n\n${MAIN_HELP}`,
  );
  return EXIT.usage;
}

/** `report merge …`, the older spelling of `merge-reports`. */
function runReportAlias(argv: string[], io: CommandIo): Promise<number> | number {
  const [subcommand, ...rest] = argv;
  if (subcommand === "merge") return runMergeReportsCommand(rest, io, "report merge");
  if (subcommand === "--help" || subcommand === "-h") {
    io.stdout.write(REPORT_HELP);
    return EXIT.ok;
  }
  const what = subcommand === undefined ? "needs a subcommand" : `has no subcommand "${subcommand}"`;
  io.stderr.write(`rds-log-archive report ${what}\n\n${REPORT_HELP}`);
  return EXIT.usage;
}

const code = await main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(
    `rds-log-archive: internal error: ${error.stack ?? error.message}\nplease report this as a bug\n`,
  );
  return EXIT.internal;
});
process.stdout.write("", () => process.exit(code));
