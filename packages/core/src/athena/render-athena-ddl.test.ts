// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Athena's storage.location.template is written with ${column}
import { describe, expect, it } from "vitest";
import { parseConfig } from "../config/parse-config.js";
import { isArchiverError } from "../errors.js";
import { DEFAULT_KEY_TEMPLATE, HIVE_KEY_TEMPLATE } from "../keys/key-placeholders.js";
import { renderKey } from "../keys/render-key.js";
import { renderLogFileKey } from "../sources/log-files/render-log-file-key.js";
import { type AthenaDdlOptions, renderAthenaDdl } from "./render-athena-ddl.js";

const options = (overrides: Partial<AthenaDdlOptions> = {}): AthenaDdlOptions => ({
  keyTemplate: DEFAULT_KEY_TEMPLATE,
  prefix: "rds/",
  bucket: "logs",
  database: "rds_logs",
  sources: ["log-files", "events", "activity-streams"],
  ...overrides,
});

const table = (ddlOptions: AthenaDdlOptions, name: string) => {
  const found = renderAthenaDdl(ddlOptions).tables.find((t) => t.name === name);
  if (found === undefined) throw new Error(`no table ${name}`);
  return found;
};

const refusal = (ddlOptions: AthenaDdlOptions): string => {
  try {
    renderAthenaDdl(ddlOptions);
  } catch (error) {
    if (isArchiverError(error) && error.code === "CONFIG_INVALID") return error.message;
    throw error;
  }
  throw new Error("renderAthenaDdl accepted it");
};

describe("renderAthenaDdl", () => {
  it("projects the default layout: injected cluster, enum log_type, one hourly date column", () => {
    const lines = table(options(), "rds_log_lines");
    expect(lines.location).toBe("s3://logs/rds/");
    expect(lines.properties).toEqual({
      "projection.enabled": "true",
      "projection.cluster.type": "injected",
      "projection.log_type.type": "enum",
      "projection.log_type.values": "_,alert,audit,error,general,listener,log,slowquery,trace",
      "projection.hour.type": "date",
      "projection.hour.format": "yyyy/MM/dd/HH",
      "projection.hour.range": "2020/01/01/00,NOW",
      "projection.hour.interval": "1",
      "projection.hour.interval.unit": "HOURS",
      "storage.location.template": "s3://logs/rds/${cluster}/${log_type}/${hour}/",
    });
    expect(lines.statement).toContain("PARTITIONED BY (`cluster` string, `log_type` string, `hour` string)");
    expect(lines.statement).toContain("'input.regex' = '(?s)(.*)'");
    expect(lines.statement).toContain(
      "'storage.location.template' = 's3://logs/rds/${cluster}/${log_type}/${hour}/'",
    );
  });

  it("gives events and activity records their own folder, JSON columns and no log_type", () => {
    const events = table(options(), "rds_events");
    expect(events.properties["storage.location.template"]).toBe("s3://logs/rds/${cluster}/events/${hour}/");
    expect(events.statement).toContain("'mapping.event_date' = 'Date'");
    expect(events.statement).toContain("`event_categories` array<string>");
    expect(events.statement).not.toContain("log_type");
    const activity = table(options(), "rds_activity");
    expect(activity.properties["storage.location.template"]).toBe(
      "s3://logs/rds/${cluster}/activity/${hour}/",
    );
    for (const column of ["pid", "session_id", "exit_code", "statement_id", "transaction_id"])
      expect(activity.statement).toContain(`\`${column}\` string`);
    expect(activity.statement).toContain("'mapping.db_user_name' = 'dbUserName'");
  });

  it("projects the Hive preset with a yyyy-MM-dd-HH hour folder", () => {
    const hive = options({ keyTemplate: HIVE_KEY_TEMPLATE, rangeStart: new Date("2024-03-05T07:00:00Z") });
    const lines = table(hive, "rds_log_lines");
    expect(lines.properties["storage.location.template"]).toBe(
      "s3://logs/rds/cluster=${cluster}/log_type=${log_type}/hour=${hour}/",
    );
    expect(lines.properties["projection.hour.format"]).toBe("yyyy-MM-dd-HH");
    expect(lines.properties["projection.hour.range"]).toBe("2024-03-05-07,NOW");
    expect(table(hive, "rds_events").properties["storage.location.template"]).toBe(
      "s3://logs/rds/cluster=${cluster}/log_type=events/hour=${hour}/",
    );
  });

  it("reads instance and file from $path in the view, matching what renderKey writes", () => {
    for (const keyTemplate of [DEFAULT_KEY_TEMPLATE, HIVE_KEY_TEMPLATE]) {
      const view = renderAthenaDdl(options({ keyTemplate })).statements.at(-1) ?? "";
      const pattern = /regexp_extract\("\$path", '([^']+)', 1\) AS "instance"/.exec(view)?.[1];
      expect(view).toContain('AS "file"');
      const key = renderKey(keyTemplate, {
        prefix: "rds/",
        cluster: "prod",
        instance: "prod-1",
        region: "us-east-1",
        engine: "postgres",
        logType: "error",
        file: "postgresql.log.2026-11-20-10_20261120T105959000Z_6278",
        hour: new Date("2026-11-20T10:00:00Z"),
      });
      const match = new RegExp(pattern ?? "^$").exec(`s3://logs/${key}`);
      expect(match?.slice(1)).toEqual(["prod-1", "postgresql.log.2026-11-20-10_20261120T105959000Z_6278"]);
    }
  });

  it("reads an archive written with compression zstd: the same tables, and the view takes .zst keys", () => {
    for (const keyTemplate of [DEFAULT_KEY_TEMPLATE, HIVE_KEY_TEMPLATE]) {
      const ddl = renderAthenaDdl(options({ keyTemplate }));
      const lines = table(options({ keyTemplate }), "rds_log_lines");
      const view = ddl.statements.at(-1) ?? "";
      const pattern = /regexp_extract\("\$path", '([^']+)', 1\) AS "instance"/.exec(view)?.[1];
      const keyOf = (logFileName: string, compression: "gzip" | "zstd") =>
        renderLogFileKey(keyTemplate, {
          prefix: "rds/",
          cluster: "prod",
          instance: "prod-1",
          region: "us-east-1",
          engine: "postgres",
          logFileName,
          size: 6278,
          lastWritten: Date.parse("2026-11-20T10:59:59Z"),
          compression,
        });
      const zstd = keyOf("error/postgresql.log.2026-11-20-10", "zstd");
      const gzip = keyOf("error/postgresql.log.2026-11-20-10", "gzip");
      // A source that is gzip already keeps its bytes, and .gz, whatever the setting.
      const alreadyGzip = keyOf("error/postgresql.log.2026-11-20-09.gz", "zstd");
      expect([zstd, gzip, alreadyGzip].map((key) => key.slice(key.lastIndexOf(".")))).toEqual([
        ".zst",
        ".gz",
        ".gz",
      ]);
      for (const key of [zstd, gzip, alreadyGzip]) {
        const location = `s3://logs/${key}`;
        // The table's partitions are folders, the same for either extension.
        expect(location.startsWith(lines.location)).toBe(true);
        const match = new RegExp(pattern ?? "^$").exec(location);
        expect(match?.[1], key).toBe("prod-1");
        expect(match?.[2], key).toMatch(/^postgresql\.log\.2026-11-20-\d\d_20261120T105959000Z_6278$/);
      }
    }
  });

  it("makes an instance folder above the hour an injected column, and leaves it out of the view", () => {
    const ddl = options({
      keyTemplate: "{prefix}{cluster}/{instance}/{logType}/{yyyy}/{mm}/{dd}/{hh}/{file}.gz",
    });
    const lines = table(ddl, "rds_log_lines");
    expect(lines.properties["projection.instance.type"]).toBe("injected");
    expect(lines.properties["storage.location.template"]).toBe(
      "s3://logs/rds/${cluster}/${instance}/${log_type}/${hour}/",
    );
    expect(renderAthenaDdl(ddl).statements.at(-1)).not.toContain('AS "instance"');
  });

  it("projects a daily layout by day and keeps literal folders in the location", () => {
    const ddl = options({
      prefix: "",
      keyTemplate: "archive/{logType}/{region}/{yyyy}-{mm}-{dd}/{instance}/{file}.gz",
    });
    const lines = table(ddl, "rds_log_lines");
    expect(lines.location).toBe("s3://logs/archive/");
    expect(lines.properties).toMatchObject({
      "projection.region.type": "injected",
      "projection.day.format": "yyyy-MM-dd",
      "projection.day.interval.unit": "DAYS",
      "storage.location.template": "s3://logs/archive/${log_type}/${region}/${day}/",
    });
  });

  it("names the bucket BUCKET for a folder destination, and prints only the sources asked for", () => {
    const ddl = renderAthenaDdl(options({ bucket: undefined, sources: ["events"] }));
    expect(ddl.tables.map((t) => [t.name, t.location])).toEqual([["rds_events", "s3://BUCKET/rds/"]]);
    expect(ddl.statements).toHaveLength(2);
  });

  it("refuses templates Athena cannot project, naming destination.keyTemplate", () => {
    const cases = {
      "{prefix}{cluster}/{logType}/{yyyy}/{mm}/{instance}/{dd}/{hh}/{file}.gz": "other text between",
      "{prefix}{cluster}/{logType}/{dd}/{mm}/{yyyy}/{hh}/{instance}/{file}.gz": "out of order",
      "{prefix}{cluster}/{logType}/{yyyy}/{mm}/{hh}/{instance}/{file}.gz": "out of order or missing",
      "{prefix}{cluster}/{logType}/{yyyy}/{mm}/{dd}/{instance}/{file}-{hh}.gz": "both in its folders",
      "{prefix}{cluster}/{logType}/{instance}/{file}": 'does not end with ".gz"',
      "{prefix}{cluster}/{instance}/{logType}-{file}.gz": "{logType} is not in a folder",
      "{cluster}/{prefix}{logType}/{instance}/{file}.gz": "{prefix} is not at its start",
    };
    for (const [keyTemplate, problem] of Object.entries(cases)) {
      const message = refusal(options({ keyTemplate }));
      expect(message).toContain(`destination.keyTemplate ${JSON.stringify(keyTemplate)}`);
      expect(message).toContain(problem);
    }
  });

  it("refuses a database name, log type or prefix Athena's DDL cannot take", () => {
    expect(refusal(options({ database: "Rds-Logs" }))).toContain("not an Athena database name");
    expect(refusal(options({ logTypes: ["error", "events"] }))).toContain('log type "events"');
    expect(refusal(options({ prefix: "it's/" }))).toContain("destination.prefix");
  });
});

describe("keyTemplate: hive", () => {
  it("is accepted by the config schema and stands for the Hive template", () => {
    const parsed = parseConfig(
      { targets: [{ region: "us-east-1", all: true }], destination: { dir: "/tmp/a", keyTemplate: "hive" } },
      new Date(0),
    );
    expect(parsed.ok && parsed.config.destination.keyTemplate).toBe(HIVE_KEY_TEMPLATE);
  });
});
