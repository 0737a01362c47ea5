/**
 * The Athena DDL for an archive: `CREATE EXTERNAL TABLE` statements with partition projection
 * whose `storage.location.template` follows the configured key template, one table per kind of
 * data (log lines, RDS events, activity records), plus a view that adds each log line's instance
 * and file from `"$path"`. Pure: config values in, SQL text out.
 *
 * Every table's partitions stay out of `{prefix}_state/`: the log-lines table lists its log types
 * (`enum`), the events and activity tables name their folder, and cluster, instance, region and
 * engine values are RDS identifiers, which start with a letter, or (the events' folder of a source
 * that is neither cluster nor instance) `_` and an RDS source type such as `_db-parameter-group`.
 */
import { ArchiverError } from "../errors.js";
import { ACTIVITY_COLUMNS, EVENT_COLUMNS, type JsonColumn } from "./athena-record-columns.js";
import { type AthenaLayout, planAthenaLayout } from "./plan-athena-layout.js";

/** The kinds of data a table can be printed for; the names of `athena-ddl --source`. */
export const ATHENA_SOURCES = ["log-files", "events", "activity-streams"] as const;
export type AthenaSource = (typeof ATHENA_SOURCES)[number];

/**
 * The log folders RDS writes (MySQL, MariaDB, PostgreSQL, Oracle, SQL Server), and `_`, the folder
 * of a log file at the top level: the `log_type` enum by default. A folder not listed is invisible
 * to the table, so `athena-ddl --log-type-values` takes a list of one's own.
 */
export const DEFAULT_ATHENA_LOG_TYPES = [
  "_",
  "alert",
  "audit",
  "error",
  "general",
  "listener",
  "log",
  "slowquery",
  "trace",
] as const;

/** The first hour the `date` projections cover by default (they end at `NOW`). */
export const DEFAULT_ATHENA_RANGE_START = new Date("2020-01-01T00:00:00Z");

/** What the DDL is rendered for. */
export interface AthenaDdlOptions {
  /** The expanded key template (`destination.keyTemplate`). */
  keyTemplate: string;
  /** `destination.prefix`: `""` or ending in `/`. */
  prefix: string;
  /** The bucket; undefined for a folder destination, whose DDL names the bucket `BUCKET`. */
  bucket: string | undefined;
  /** Athena database (Glue catalog) name. */
  database: string;
  sources: readonly AthenaSource[];
  /** The `log_type` enum; {@link DEFAULT_ATHENA_LOG_TYPES} by default. */
  logTypes?: readonly string[] | undefined;
  /** First hour of the `date` projection; {@link DEFAULT_ATHENA_RANGE_START} by default. */
  rangeStart?: Date | undefined;
}

/** One printed table. */
export interface AthenaTable {
  source: AthenaSource;
  name: string;
  /** `LOCATION`: `s3://bucket/` and the table root. */
  location: string;
  /** `TBLPROPERTIES`, projection settings and `storage.location.template` included. */
  properties: Readonly<Record<string, string>>;
  statement: string;
}

/** The statements to run, in order (`CREATE DATABASE`, tables, views), and the tables. */
export interface AthenaDdl {
  statements: string[];
  tables: AthenaTable[];
}

/** The {@link AthenaTable} names, and the log-lines view. */
export const ATHENA_TABLE_NAMES = {
  "log-files": "rds_log_lines",
  events: "rds_events",
  "activity-streams": "rds_activity",
  view: "rds_log_lines_with_file",
} as const;

/** The placeholder bucket of a folder destination's DDL. */
export const ATHENA_PLACEHOLDER_BUCKET = "BUCKET";

/**
 * Renders the DDL. Throws a `CONFIG_INVALID` {@link ArchiverError} for a key template that cannot
 * be projected (naming `destination.keyTemplate`), or for a database name or log type Athena
 * would not take.
 */
export function renderAthenaDdl(options: AthenaDdlOptions): AthenaDdl {
  const { database } = options;
  if (!/^[a-z0-9_]{1,255}$/.test(database)) {
    throw new ArchiverError(
      "CONFIG_INVALID",
      `database ${JSON.stringify(database)} is not an Athena database name`,
      {
        hint: "use lowercase letters, digits and _ only, e.g. rds_logs",
      },
    );
  }
  const logTypes = options.logTypes ?? DEFAULT_ATHENA_LOG_TYPES;
  // Values as they appear in keys; `_` stands for the top level (see renderKey).
  const clash = logTypes.find((t) => ["events", "activity", "", ".", ".."].includes(t) || /[,/]/.test(t));
  if (clash !== undefined) {
    throw new ArchiverError(
      "CONFIG_INVALID",
      `log type ${JSON.stringify(clash)} cannot be a log_type value`,
      {
        hint: "list log folders only; events and activity records have tables of their own",
      },
    );
  }
  // Hive DDL strings take a backslash as an escape: rather than guess Athena's rules, refuse.
  if (/['\\]/.test(options.prefix)) {
    throw new ArchiverError(
      "CONFIG_INVALID",
      `destination.prefix ${JSON.stringify(options.prefix)} holds ' or \\`,
      {
        hint: "Athena DDL cannot name such a location; archive under a prefix without quotes or backslashes",
      },
    );
  }
  const rangeStart = options.rangeStart ?? DEFAULT_ATHENA_RANGE_START;
  const bucket = options.bucket ?? ATHENA_PLACEHOLDER_BUCKET;
  const plan = (logType: { values: readonly string[] } | { fixed: string }) =>
    planAthenaLayout(options.keyTemplate, { prefix: options.prefix, logType, rangeStart });
  const tables: AthenaTable[] = [];
  const views: string[] = [];
  for (const source of ATHENA_SOURCES.filter((s) => options.sources.includes(s))) {
    const name = ATHENA_TABLE_NAMES[source];
    if (source === "log-files") {
      const layout = plan({ values: logTypes });
      tables.push(renderTable(source, name, layout, bucket, database, LINE_FORMAT));
      views.push(renderLinesView(layout, database, name));
    } else {
      const layout = plan({ fixed: source === "events" ? "events" : "activity" });
      const columns = source === "events" ? EVENT_COLUMNS : ACTIVITY_COLUMNS;
      tables.push(renderTable(source, name, layout, bucket, database, jsonFormat(columns)));
    }
  }
  const statements = [
    `CREATE DATABASE IF NOT EXISTS \`${database}\`;`,
    ...tables.map((table) => table.statement),
    ...views,
  ];
  return { statements, tables };
}

/** Columns and row format of a table's objects. */
interface RowFormat {
  columns: readonly { name: string; type: string }[];
  rowFormat: string;
}

// One row per line, the whole line in `line`: RegexSerDe with one group that takes everything, so
// no character of the log text (unlike a field delimiter of LazySimpleSerDe) can cut a line short.
const LINE_FORMAT: RowFormat = {
  columns: [{ name: "line", type: "string" }],
  rowFormat: [
    "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'",
    "WITH SERDEPROPERTIES ('input.regex' = '(?s)(.*)')",
    "STORED AS TEXTFILE",
  ].join("\n"),
};

// `ignore.malformed.json` stays off: every line the archive writes is JSON, so a line that is not
// must fail the query rather than vanish from its result.
function jsonFormat(columns: readonly JsonColumn[]): RowFormat {
  const properties = [
    "'case.insensitive' = 'false'",
    ...columns.map((c) => `'mapping.${c.name}' = ${quote(c.key)}`),
  ];
  return {
    columns,
    rowFormat: [
      "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'",
      `WITH SERDEPROPERTIES (\n  ${properties.join(",\n  ")}\n)`,
    ].join("\n"),
  };
}

function renderTable(
  source: AthenaSource,
  name: string,
  layout: AthenaLayout,
  bucket: string,
  database: string,
  format: RowFormat,
): AthenaTable {
  const location = `s3://${bucket}/${layout.root}`;
  const properties: Record<string, string> = {};
  if (layout.partitions.length > 0) {
    properties["projection.enabled"] = "true";
    for (const partition of layout.partitions) {
      for (const [setting, value] of Object.entries(partition.projection))
        properties[`projection.${partition.name}.${setting}`] = value;
    }
    properties["storage.location.template"] = `${location}${layout.partitionTemplate}`;
  }
  const lines = [
    `CREATE EXTERNAL TABLE IF NOT EXISTS \`${database}\`.\`${name}\` (`,
    format.columns.map((c) => `  \`${c.name}\` ${c.type}`).join(",\n"),
    ")",
  ];
  if (layout.partitions.length > 0)
    lines.push(`PARTITIONED BY (${layout.partitions.map((p) => `\`${p.name}\` string`).join(", ")})`);
  lines.push(format.rowFormat, `LOCATION ${quote(location)}`);
  const entries = Object.entries(properties);
  if (entries.length > 0)
    lines.push(`TBLPROPERTIES (\n${entries.map(([k, v]) => `  ${quote(k)} = ${quote(v)}`).join(",\n")}\n)`);
  return { source, name, location, properties, statement: `${lines.join("\n")};` };
}

/** The log lines with the instance (unless it is a partition column) and file of each, from `"$path"`. */
function renderLinesView(layout: AthenaLayout, database: string, table: string): string {
  const extracts = layout.captures.map(
    (capture, i) => `  regexp_extract("$path", ${quote(layout.pathPattern)}, ${i + 1}) AS "${capture}",`,
  );
  return [
    `CREATE OR REPLACE VIEW "${database}"."${ATHENA_TABLE_NAMES.view}" AS`,
    "SELECT",
    "  t.*,",
    ...extracts,
    '  "$path" AS "path"',
    `FROM "${database}"."${table}" t;`,
  ].join("\n");
}

/** A SQL string literal; Athena's DDL and Trino's SQL both double a quote inside one. */
function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
