import { parseArgs } from "node:util";
import {
  ATHENA_SOURCES,
  type AthenaSource,
  describeConfigIssuePath,
  isArchiverError,
  loadDestinationConfig,
  renderAthenaDdl,
} from "@rds-log-archive/core";
import type { CommandIo } from "./command-io.js";
import { EXIT } from "./exit-codes.js";
import { FLAG_FOR_PATH, listFlag } from "./flags.js";
import { reportIssues } from "./load-config.js";
import { ATHENA_DDL_HELP } from "./usage.js";

const OPTIONS = {
  config: { type: "string" },
  dest: { type: "string" },
  "key-template": { type: "string" },
  database: { type: "string", default: "rds_log_archive" },
  source: { type: "string", default: "all" },
  "log-type-values": { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * `athena-ddl`: the `CREATE EXTERNAL TABLE` statements (and the log-lines view) for the configured
 * destination and key template, on stdout. Reads only the destination of the config; a folder
 * destination gets the DDL with the bucket named `BUCKET` and a note on stderr.
 */
export async function runAthenaDdlCommand(argv: string[], io: CommandIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`rds-log-archive athena-ddl: ${message}\nsee \`rds-log-archive athena-ddl --help\`\n`);
    return EXIT.usage;
  };
  let flags: ReturnType<typeof parseAthenaDdlArgs>;
  try {
    flags = parseAthenaDdlArgs(argv);
  } catch (error) {
    return fail((error as Error).message);
  }
  if (flags.help) {
    io.stdout.write(ATHENA_DDL_HELP);
    return EXIT.ok;
  }
  const sources = parseSources(flags.source);
  if (sources === undefined)
    return fail(`--source ${JSON.stringify(flags.source)}: use ${ATHENA_SOURCES.join(", ")} or all`);
  let loaded: Awaited<ReturnType<typeof loadDestinationConfig>>;
  try {
    loaded = await loadDestinationConfig({
      overrides: { destination: flags.dest, "destination.keyTemplate": flags["key-template"] },
      configFile: flags.config,
      env: io.env,
      now: io.now(),
    });
  } catch (error) {
    io.stderr.write(`rds-log-archive athena-ddl: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  const describe = (path: readonly (string | number)[]) =>
    describeConfigIssuePath(path, {
      names: FLAG_FOR_PATH,
      overridden: loaded.overridden,
      configFile: flags.config,
    });
  if (!loaded.ok) {
    reportIssues(
      "athena-ddl",
      loaded.issues.map((issue) => ({ name: describe(issue.path), message: issue.message })),
      io,
    );
    return EXIT.usage;
  }
  const { destination } = loaded.config;
  const bucket = destination.kind === "s3" ? destination.bucket : undefined;
  try {
    const ddl = renderAthenaDdl({
      keyTemplate: destination.keyTemplate,
      prefix: destination.prefix,
      bucket,
      database: flags.database,
      sources,
      logTypes: listFlag(flags["log-type-values"]),
    });
    io.stdout.write(`${ddl.statements.join("\n\n")}\n`);
  } catch (error) {
    if (!isArchiverError(error)) throw error;
    const field = /^(destination\.\w+|database|log type)/.exec(error.message)?.[1];
    const where =
      field === "database"
        ? "--database"
        : field === "log type"
          ? "--log-type-values"
          : describe(field?.split(".") ?? ["destination"]);
    const flagged = `${where}: ${error.message}`;
    io.stderr.write(
      `rds-log-archive athena-ddl: ${flagged}\n${error.hint === undefined ? "" : `hint: ${error.hint}\n`}`,
    );
    return EXIT.usage;
  }
  if (bucket === undefined) {
    io.stderr.write(
      "rds-log-archive athena-ddl: the destination is a folder, so the DDL names the bucket BUCKET: " +
        "copy the folder to S3 without the .meta.json sidecars (aws s3 sync DIR s3://your-bucket/ " +
        '--exclude "*.meta.json"), then replace s3://BUCKET/ with its location\n',
    );
  }
  return EXIT.ok;
}

function parseAthenaDdlArgs(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
}

function parseSources(text: string): AthenaSource[] | undefined {
  const names = listFlag([text]) ?? [];
  if (names.length === 0) return undefined;
  if (names.includes("all")) return names.length === 1 ? [...ATHENA_SOURCES] : undefined;
  const known = ATHENA_SOURCES as readonly string[];
  return names.every((name) => known.includes(name)) ? (names as AthenaSource[]) : undefined;
}
