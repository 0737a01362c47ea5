/**
 * `verify`: re-reads the archive and checks every object against its metadata (core's
 * verifyArchive). Flags: where the archive is (`--dest`, or `--config`'s destination), the window
 * (`--since`, `--until`), `--concurrency`, `--json`. Exit 0 when every object is sound, 1 naming
 * each bad one (or when the archive cannot be listed), 2 for a usage or config error.
 */
import { parseArgs } from "node:util";
import {
  describeConfigIssuePath,
  isArchiverError,
  type LoadedDestinationConfig,
  loadDestinationConfig,
  VERIFY_FIELDS,
  type VerifyReport,
  verifyArchive,
} from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";
import { EXIT } from "./exit-codes.js";
import { reportIssues } from "./load-config.js";
import { renderText } from "./render-summary.js";
import { renderVerifySummary } from "./render-verify-summary.js";
import { VERIFY_HELP } from "./usage.js";
import { createVerifyProgress } from "./verify-progress.js";

const VERIFY_OPTIONS = {
  config: { type: "string" },
  dest: { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
  concurrency: { type: "string" },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
} as const;

/** The flag that sets each config path verify reads. */
const VERIFY_FLAG_FOR_PATH: Readonly<Record<string, string>> = {
  destination: "--dest",
  "destination.bucket": "--dest",
  "destination.dir": "--dest",
  "destination.prefix": "--dest",
  since: "--since",
  until: "--until",
  concurrency: "--concurrency",
};

export async function runVerifyCommand(argv: string[], io: CommandIo): Promise<number> {
  let flags: ReturnType<typeof parse>;
  try {
    flags = parse(argv);
  } catch (error) {
    io.stderr.write(
      `rds-log-archive verify: ${(error as Error).message}\nsee \`rds-log-archive verify --help\`\n`,
    );
    return EXIT.usage;
  }
  if (flags.help) {
    io.stdout.write(VERIFY_HELP);
    return EXIT.ok;
  }
  let loaded: LoadedDestinationConfig<(typeof VERIFY_FIELDS)[number]>;
  try {
    loaded = await loadDestinationConfig(
      {
        overrides: {
          destination: flags.dest,
          since: flags.since,
          until: flags.until,
          concurrency: flags.concurrency,
        },
        configFile: flags.config,
        env: io.env,
        now: io.now(),
      },
      VERIFY_FIELDS,
    );
  } catch (error) {
    io.stderr.write(`rds-log-archive verify: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  if (!loaded.ok) {
    const { overridden } = loaded;
    const describe = (path: readonly (string | number)[]) =>
      describeConfigIssuePath(path, { names: VERIFY_FLAG_FOR_PATH, overridden, configFile: flags.config });
    reportIssues(
      "verify",
      loaded.issues.map((issue) => ({ name: describe(issue.path), message: issue.message })),
      io,
    );
    return EXIT.usage;
  }

  const progress = createVerifyProgress({ stream: io.stderr, quiet: flags.quiet === true });
  let report: VerifyReport;
  try {
    report = await verifyArchive(loaded.config, {
      onProgress: (event) => progress.onProgress(event),
      now: io.now,
    });
  } catch (error) {
    const hint = isArchiverError(error) && error.hint ? `\n  hint: ${renderText(error.hint)}` : "";
    io.stderr.write(`rds-log-archive verify: ${renderText((error as Error).message)}${hint}\n`);
    return EXIT.failed;
  } finally {
    progress.stop();
  }
  if (flags.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (!flags.quiet || report.totals.bad > 0)
    (flags.json ? io.stderr : io.stdout).write(renderVerifySummary(report));
  return report.totals.bad > 0 ? EXIT.failed : EXIT.ok;
}

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: VERIFY_OPTIONS, strict: true, allowPositionals: false }).values;
}
