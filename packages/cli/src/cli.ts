#!/usr/bin/env node
/**
 * The `rds-log-archive` entry: argv in, exit code out. Only this file calls `process.exit`, and
 * only after stdout has drained, so a piped `--json` report is never cut short.
 */
import { readFileSync } from "node:fs";
import type { CommandIo } from "./command-io.js";
import { EXIT } from "./exit-codes.js";
import { runArchiveCommand } from "./run-archive-command.js";
import { runAthenaDdlCommand } from "./run-athena-ddl-command.js";
import { runIamPolicyCommand } from "./run-iam-policy-command.js";
import { runReportCommand } from "./run-report-command.js";
import { MAIN_HELP } from "./usage.js";

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
  if (command === "sync" || command === "plan") return runArchiveCommand(command, rest, io);
  if (command === "report") return runReportCommand(rest, io);
  if (command === "iam-policy") return runIamPolicyCommand(rest, io);
  if (command === "athena-ddl") return runAthenaDdlCommand(rest, io);
  if (command === "--version" || command === "-v") {
    process.stdout.write(`${version}\n`);
    return EXIT.ok;
  }
  if (command === "--help" || command === "-h") {
    process.stdout.write(MAIN_HELP);
    return EXIT.ok;
  }
  process.stderr.write(
    command === undefined ? MAIN_HELP : `rds-log-archive: unknown command "${command}"\n\n${MAIN_HELP}`,
  );
  return EXIT.usage;
}

const code = await main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(
    `rds-log-archive: internal error: ${error.stack ?? error.message}\nplease report this as a bug\n`,
  );
  return EXIT.internal;
});
process.stdout.write("", () => process.exit(code));
