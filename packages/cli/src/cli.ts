#!/usr/bin/env node
/**
 * The `rds-log-archive` entry: argv in, exit code out. Only this file calls `process.exit`.
 * The archiving commands (`sync`, `plan`) arrive with the engine; until then the command says so
 * and exits 2, the usage-error code, rather than pretending to work.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

const HELP = `rds-log-archive ${version}: keep Amazon RDS and Aurora logs in S3, compressed, exactly once.

usage: rds-log-archive <command> [flags]

commands (arriving with the archiving engine):
  sync    archive every settled log file version not yet in the destination
  plan    show what sync would do, without writing anything

flags:
  -h, --help       show this help
  -v, --version    print the version`;

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { help: { type: "boolean", short: "h" }, version: { type: "boolean", short: "v" } },
    allowPositionals: true,
    strict: false,
  });
  if (values.version) {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const [command] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(`${HELP}\n`);
    return command === undefined && !values.help ? 2 : 0;
  }
  process.stderr.write(
    `rds-log-archive: "${command}" is not available in this build yet; see \`rds-log-archive --help\`.\n`,
  );
  return 2;
}

process.exit(main(process.argv.slice(2)));
