import { describe, expect, it } from "vitest";
import {
  type ConfigIssue,
  parseConfig,
  parseDestination,
  parseDestinationConfig,
  VERIFY_FIELDS,
} from "./parse-config.js";

const now = new Date("2026-11-22T12:00:00.000Z");
const target = { region: "us-east-1", clusters: ["prod-aurora"] };
const minimal = { targets: [target], destination: { bucket: "rds-log-archive" } };

/** Parses and returns the issues, failing the test if the config was accepted. */
function issuesOf(input: unknown): ConfigIssue[] {
  const result = parseConfig(input, now);
  if (result.ok) throw new Error("expected the config to be rejected");
  return result.issues;
}

function withDestination(destination: Record<string, unknown>) {
  return { targets: [target], destination };
}

describe("parseConfig: valid configs", () => {
  it("fills in every default", () => {
    expect(parseConfig(minimal, now)).toEqual({
      ok: true,
      config: {
        targets: [
          {
            region: "us-east-1",
            clusters: ["prod-aurora"],
            instances: [],
            all: false,
            engines: [],
            tags: {},
            logTypes: [],
          },
        ],
        destination: {
          kind: "s3",
          bucket: "rds-log-archive",
          prefix: "",
          keyTemplate: "{prefix}{cluster}/{logType}/{yyyy}/{mm}/{dd}/{hh}/{instance}/{file}.gz",
        },
        settle: 300_000,
        includeActive: false,
        since: undefined,
        until: undefined,
        compression: "gzip",
        concurrency: 4,
        dryRun: false,
        timeouts: { connect: 10_000, idle: 60_000, total: 1_800_000 },
        failOnGap: true,
      },
    });
  });

  it("takes gzip levels and zstd as compression, and names the field of a bad value", () => {
    const parsed = parseConfig({ ...minimal, compression: "gzip-1" }, now);
    expect(parsed.ok && parsed.config.compression).toBe("gzip-1");
    expect(parseConfig({ ...minimal, compression: "lz4" }, now)).toMatchObject({
      ok: false,
      issues: [{ path: ["compression"], message: expect.stringContaining("is not gzip, gzip-1") }],
    });
  });

  it("reads the network timeouts as durations, and refuses one under a second", () => {
    const parsed = parseConfig({ ...minimal, timeouts: { idle: "2m", total: "1h" } }, now);
    expect(parsed.ok && parsed.config.timeouts).toEqual({ connect: 10_000, idle: 120_000, total: 3_600_000 });
    expect(parseConfig({ ...minimal, timeouts: { connect: "0s", idle: "soon" } }, now)).toMatchObject({
      ok: false,
      issues: [
        { path: ["timeouts", "connect"], message: "must be at least 1s" },
        { path: ["timeouts", "idle"], message: expect.stringContaining('"soon" is not a duration') },
      ],
    });
  });

  it("keeps every field of a full config and resolves since/until against now", () => {
    const result = parseConfig(
      {
        $schema: "./config.schema.json",
        targets: [
          {
            region: "ap-northeast-1",
            roleArn: "arn:aws:iam::111122223333:role/rds-log-reader",
            instances: ["db-1", "db-2"],
            engines: ["postgres"],
            logTypes: ["error/postgresql.log.*"],
          },
          { region: "us-east-1", all: true },
        ],
        destination: {
          bucket: "central-log-archive",
          prefix: "rds/",
          region: "eu-west-1",
          roleArn: "arn:aws:iam::444455556666:role/log-archive-writer",
          sse: "aws:kms",
          kmsKeyId: "alias/log-archive",
          expectedBucketOwner: "444455556666",
          keyTemplate: "{prefix}year={yyyy}/month={mm}/day={dd}/{cluster}/{logType}/{instance}/{file}.gz",
          endpoint: "https://s3.example.internal:8443",
          forcePathStyle: true,
        },
        settle: "1h30m",
        includeActive: true,
        since: "48h",
        until: "2026-11-22T10:00+09:00",
        concurrency: 16,
        dryRun: true,
        failOnGap: false,
      },
      now,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { config } = result;
    expect(config).not.toHaveProperty("$schema");
    expect(config.targets[1]).toEqual({
      region: "us-east-1",
      all: true,
      clusters: [],
      instances: [],
      engines: [],
      tags: {},
      logTypes: [],
    });
    expect(config.destination).toMatchObject({ kind: "s3", forcePathStyle: true });
    expect(config.settle).toBe(5_400_000);
    expect(config.since).toEqual(new Date("2026-11-20T12:00:00.000Z"));
    expect(config.until).toEqual(new Date("2026-11-22T01:00:00.000Z"));
    expect([config.includeActive, config.concurrency, config.dryRun, config.failOnGap]).toEqual([
      true,
      16,
      true,
      false,
    ]);
  });

  it("accepts strings for booleans, numbers and lists, as the CLI and the Action give them", () => {
    const result = parseConfig(
      {
        targets: [
          {
            region: "us-east-1",
            clusters: "a, b,,c ",
            instances: "",
            all: "False",
            logTypes: "audit/*,error/*",
          },
          { region: "us-east-1", all: "TRUE" },
        ],
        destination: { dir: "./archive", prefix: "laptop" },
        includeActive: "true",
        concurrency: " 8 ",
        dryRun: "True",
        failOnGap: "false",
      },
      now,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [first, second] = result.config.targets;
    expect(first).toMatchObject({
      clusters: ["a", "b", "c"],
      instances: [],
      all: false,
      logTypes: ["audit/*", "error/*"],
    });
    expect(second?.all).toBe(true);
    expect(result.config).toMatchObject({
      includeActive: true,
      concurrency: 8,
      dryRun: true,
      failOnGap: false,
    });
  });

  it('adds the missing "/" to a prefix rather than rejecting it', () => {
    const result = parseConfig(withDestination({ bucket: "rds-log-archive", prefix: "team-a/rds" }), now);
    expect(result.ok && result.config.destination.prefix).toBe("team-a/rds/");
  });

  it("accepts Japanese text where free text is allowed", () => {
    const result = parseConfig(withDestination({ dir: "/tmp/ログ保管", prefix: "監査ログ/" }), now);
    expect(result.ok && result.config.destination).toMatchObject({
      dir: "/tmp/ログ保管",
      prefix: "監査ログ/",
    });
  });
});

describe("parseConfig: field rules", () => {
  it.each<[string, unknown, (string | number)[], RegExp]>([
    ["a missing targets list", { destination: { dir: "x" } }, ["targets"], /is required/],
    ["an empty targets list", { targets: [], destination: { dir: "x" } }, ["targets"], /at least one target/],
    [
      "a missing region",
      { targets: [{ all: true }], destination: { dir: "x" } },
      ["targets", 0, "region"],
      /required/,
    ],
    [
      "a bad role ARN",
      { ...minimal, targets: [{ ...target, roleArn: "reader" }] },
      ["targets", 0, "roleArn"],
      /IAM role ARN/,
    ],
    [
      "a non-boolean all",
      { ...minimal, targets: [{ ...target, all: "maybe" }] },
      ["targets", 0, "all"],
      /true or false/,
    ],
    [
      "an empty list item",
      { ...minimal, targets: [{ ...target, instances: ["db-1", " "] }] },
      ["targets", 0, "instances", 1],
      /empty instance id/,
    ],
    [
      "a list of numbers",
      { ...minimal, targets: [{ ...target, engines: 5 }] },
      ["targets", 0, "engines"],
      /list of engines/,
    ],
    ["a bad settle", { ...minimal, settle: "5 minutes" }, ["settle"], /not a duration; use .*"90s"/],
    ["a bad since", { ...minimal, since: "last week" }, ["since"], /not a time/],
    ["a bad until", { ...minimal, until: "2026-02-30" }, ["until"], /day is out of range/],
    ["concurrency 0", { ...minimal, concurrency: 0 }, ["concurrency"], /from 1 to 64/],
    ["concurrency 65 as text", { ...minimal, concurrency: "65" }, ["concurrency"], /from 1 to 64/],
    ["concurrency 2.5", { ...minimal, concurrency: 2.5 }, ["concurrency"], /whole number/],
    ["an unknown sse", withDestination({ bucket: "b-1", sse: "kms" }), ["destination", "sse"], /AES256/],
    [
      "a short account id",
      withDestination({ bucket: "b-1", expectedBucketOwner: "1234" }),
      ["destination", "expectedBucketOwner"],
      /12-digit/,
    ],
    [
      "a non-URL endpoint",
      withDestination({ bucket: "b-1", endpoint: "minio:9000" }),
      ["destination", "endpoint"],
      /http\(s\) URL/,
    ],
    ["an unknown field", { ...minimal, dryrun: true }, ["dryrun"], /unknown field "dryrun"/],
    [
      "an unknown target field",
      { ...minimal, targets: [{ ...target, cluster: "x" }] },
      ["targets", 0, "cluster"],
      /unknown field/,
    ],
  ])("reports %s at its path", (_what, input, path, message) => {
    const issues = issuesOf(input);
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it.each([
    ["Logs", /lowercase/],
    ["ab", /3 to 63/],
    ["a".repeat(64), /3 to 63/],
    ["my_bucket", /lowercase/],
    ["-bucket", /starts and ends/],
    ["bucket.", /starts and ends/],
    ["my..bucket", /two dots/],
    ["192.168.1.10", /IP address/],
    ["s3://bucket/prefix", /without "s3:\/\/"/],
  ])("rejects the bucket name %j", (bucket, message) => {
    expect(issuesOf(withDestination({ bucket }))).toEqual([
      { path: ["destination", "bucket"], message: expect.stringMatching(message) },
    ]);
  });

  it.each(["abc", "my.bucket-2026", "a".repeat(63), "logs--usw2-az1--x-s3"])(
    "accepts the bucket name %j",
    (bucket) => {
      expect(parseConfig(withDestination({ bucket }), now).ok).toBe(true);
    },
  );

  it.each<[string, RegExp]>([
    [
      "{prefix}{cluster}/{instance}/{date}/{file}",
      /unknown placeholder \{date\}; use \{prefix\} \{cluster\}/,
    ],
    ["{prefix}{cluster}/{logType}/{file}.gz", /must contain \{instance\}/],
    ["{prefix}{instance}/{yyyy}.gz", /must contain \{logType\} and \{file\}/],
    ["{prefix}{instance}/{file}.gz", /must contain \{logType\}/],
    ["{prefix}{instance}/{file}}", /unmatched \{ or \}/],
  ])("rejects the key template %j", (keyTemplate, message) => {
    expect(issuesOf(withDestination({ bucket: "b-1", keyTemplate }))).toContainEqual({
      path: ["destination", "keyTemplate"],
      message: expect.stringMatching(message),
    });
  });

  it("accepts a Hive-style template with every placeholder", () => {
    const keyTemplate =
      "{prefix}engine={engine}/region={region}/cluster={cluster}/type={logType}/" +
      "year={yyyy}/month={mm}/day={dd}/hour={hh}/{instance}/{file}.gz";
    expect(parseConfig(withDestination({ bucket: "b-1", keyTemplate }), now).ok).toBe(true);
  });
});

describe("parseConfig: onlyInstances", () => {
  it("reads REGION/INSTANCE and bare instance ids, from a list or a comma-separated string", () => {
    const result = parseConfig({ ...minimal, onlyInstances: "us-east-1/orders-1, orders-2" }, now);
    expect(result.ok && result.config.onlyInstances).toEqual([
      { region: "us-east-1", instance: "orders-1" },
      { instance: "orders-2" },
    ]);
    const absent = parseConfig(minimal, now);
    expect(absent.ok && absent.config.onlyInstances).toBeUndefined();
  });

  it("refuses an empty list rather than archiving everything or nothing", () => {
    expect(issuesOf({ ...minimal, onlyInstances: "" })).toEqual([
      { path: ["onlyInstances"], message: expect.stringContaining("is empty") },
    ]);
  });

  it("names the entry that is not an instance", () => {
    expect(issuesOf({ ...minimal, onlyInstances: ["us-east-1/a", "arn:aws:rds:us-east-1:1:db:b"] })).toEqual([
      {
        path: ["onlyInstances"],
        message: expect.stringContaining('"arn:aws:rds:us-east-1:1:db:b" is not REGION/INSTANCE'),
      },
    ]);
  });
});

describe("parseConfig: notify", () => {
  it("is absent unless given, and fills in the default categories and UTC", () => {
    const parsed = parseConfig({ ...minimal, notify: {} }, now);
    expect(parsed.ok && parsed.config.notify).toEqual({
      categories: ["backup", "failover", "failure", "low storage", "maintenance", "notification"],
      timeZone: "UTC",
    });
    const none = parseConfig(minimal, now);
    expect(none.ok && none.config.notify).toBeUndefined();
  });

  it("takes categories as a list or a comma-separated string, in any case", () => {
    const parsed = parseConfig(
      { ...minimal, notify: { categories: "Backup, low storage", timeZone: "Asia/Seoul" } },
      now,
    );
    expect(parsed.ok && parsed.config.notify).toEqual({
      categories: ["backup", "low storage"],
      timeZone: "Asia/Seoul",
    });
  });

  it("names a time zone that is not an IANA name, and refuses a webhook URL in the file", () => {
    expect(
      issuesOf({
        ...minimal,
        notify: { timeZone: "US/Western", slackWebhookUrl: "https://hooks.slack.com/x" },
      }),
    ).toEqual([
      {
        path: ["notify", "timeZone"],
        message: "is not an IANA time zone name (e.g. Asia/Seoul, America/New_York, UTC)",
      },
      { path: ["notify", "slackWebhookUrl"], message: 'unknown field "slackWebhookUrl"' },
    ]);
  });
});

describe("parseConfig: cross-field rules", () => {
  it("needs a bucket or a dir", () => {
    expect(issuesOf(withDestination({ prefix: "x/" }))).toEqual([
      { path: ["destination"], message: "give a bucket (S3) or a dir (local directory)" },
    ]);
  });

  it("refuses both a bucket and a dir", () => {
    expect(issuesOf(withDestination({ bucket: "b-1", dir: "./archive" }))).toEqual([
      { path: ["destination", "dir"], message: "give either bucket or dir, not both" },
    ]);
  });

  it.each([{ bucket: "b-1" }, { bucket: "b-1", sse: "AES256" }])(
    "refuses kmsKeyId without sse aws:kms (%j)",
    (dest) => {
      expect(issuesOf(withDestination({ ...dest, kmsKeyId: "alias/k" }))).toEqual([
        { path: ["destination", "kmsKeyId"], message: 'kmsKeyId needs sse: "aws:kms"' },
      ]);
    },
  );

  it.each([
    ["sse", "AES256"],
    ["expectedBucketOwner", "111122223333"],
    ["endpoint", "http://127.0.0.1:9000"],
    ["forcePathStyle", true],
    ["roleArn", "arn:aws:iam::111122223333:role/writer"],
  ])("refuses %s with a dir", (field, value) => {
    expect(issuesOf(withDestination({ dir: "./archive", [field]: value }))).toEqual([
      { path: ["destination", field], message: `${field} applies only to an S3 bucket, not a dir` },
    ]);
  });

  it("refuses a prefix that the key template would drop", () => {
    expect(
      issuesOf(withDestination({ bucket: "b-1", prefix: "rds", keyTemplate: "{instance}/{logType}/{file}" })),
    ).toEqual([
      {
        path: ["destination", "keyTemplate"],
        message: "a prefix is set but keyTemplate has no {prefix}, so the prefix would be ignored",
      },
    ]);
  });

  it.each([{ region: "us-east-1" }, { region: "us-east-1", clusters: [], instances: "", all: "false" }])(
    "needs clusters, instances or all in a target (%j)",
    (bare) => {
      expect(issuesOf({ ...minimal, targets: [target, bare] })).toEqual([
        { path: ["targets", 1], message: "select databases: give clusters, instances, or all: true" },
      ]);
    },
  );

  it.each([
    [
      "2026-11-21",
      "2026-11-20",
      "since (2026-11-21T00:00:00.000Z) must be before until (2026-11-20T00:00:00.000Z)",
    ],
    [
      "2026-11-21",
      "2026-11-21",
      "since (2026-11-21T00:00:00.000Z) must be before until (2026-11-21T00:00:00.000Z)",
    ],
    // Relative bounds are resolved against now before they are compared.
    ["24h", "48h", "since (2026-11-21T12:00:00.000Z) must be before until (2026-11-20T12:00:00.000Z)"],
    [
      "1h",
      "2026-11-22T10:00Z",
      "since (2026-11-22T11:00:00.000Z) must be before until (2026-11-22T10:00:00.000Z)",
    ],
  ])("needs since (%s) before until (%s)", (since, until, message) => {
    expect(issuesOf({ ...minimal, since, until })).toEqual([{ path: ["since"], message }]);
  });

  it("accepts since before until", () => {
    expect(parseConfig({ ...minimal, since: "48h", until: "24h" }, now).ok).toBe(true);
  });
});

describe("parseConfig: every problem at once", () => {
  it("reports field errors, unknown keys and cross-field rules together", () => {
    const issues = issuesOf({
      targets: [{ region: "us-east-1", all: "maybe", typo: 1 }, { region: "eu-west-1" }],
      destination: { bucket: "Bad_Bucket", dir: "./archive", kmsKeyId: "k", keyTemplate: "{file}", extra: 1 },
      settle: "soon",
      concurrency: "lots",
      since: "2026-11-21",
      until: "2026-11-20",
    });
    const paths = issues.map((issue) => issue.path.join("."));
    expect(paths.sort()).toEqual(
      [
        "targets.0.all",
        "targets.0.typo",
        "targets.0", // all is not true, so nothing selects databases
        "targets.1",
        "destination.bucket",
        "destination.keyTemplate",
        "destination.extra",
        "destination.dir",
        "destination.kmsKeyId",
        "settle",
        "concurrency",
        "since",
      ].sort(),
    );
  });

  it("rejects something that is not an object at all", () => {
    expect(issuesOf("targets: []")).toEqual([
      { path: [], message: expect.stringContaining("expected object") },
    ]);
    expect(issuesOf(null)).toEqual([{ path: [], message: expect.stringContaining("expected object") }]);
  });
});

describe("parseDestination", () => {
  it.each([
    ["s3://my-bucket", { bucket: "my-bucket", prefix: "" }],
    ["s3://my-bucket/", { bucket: "my-bucket", prefix: "" }],
    ["s3://my-bucket/rds/prod", { bucket: "my-bucket", prefix: "rds/prod" }],
    ["S3://my-bucket/rds/", { bucket: "my-bucket", prefix: "rds/" }],
    ["./archive", { dir: "./archive" }],
    ["/var/lib/rds-logs", { dir: "/var/lib/rds-logs" }],
    ["C:\\logs", { dir: "C:\\logs" }],
    ["ログ", { dir: "ログ" }],
  ])("reads %j", (text, destination) => {
    expect(parseDestination(text)).toEqual({ ok: true, destination });
  });

  it.each(["s3://", "s3:///prefix"])("reports %j as naming no bucket", (text) => {
    expect(parseDestination(text)).toEqual({
      ok: false,
      issues: [
        { path: ["destination", "bucket"], message: `"${text}" names no bucket; use s3://bucket/prefix` },
      ],
    });
  });

  it("reports an empty destination", () => {
    expect(parseDestination(" ")).toEqual({
      ok: false,
      issues: [{ path: ["destination"], message: "a destination is required" }],
    });
  });

  it("feeds parseConfig, which then validates the bucket and normalises the prefix", () => {
    const parsed = parseDestination("s3://my-bucket/rds");
    if (!parsed.ok) throw new Error("expected a destination");
    const result = parseConfig({ targets: [target], destination: parsed.destination }, now);
    expect(result.ok && result.config.destination).toMatchObject({ bucket: "my-bucket", prefix: "rds/" });
  });
});

describe("a config without a destination", () => {
  it("is reported as such, not thrown", () => {
    expect(parseConfig({ targets: [{ region: "us-east-1", all: true }] }, now)).toEqual({
      ok: false,
      issues: [{ path: ["destination"], message: "is required" }],
    });
  });
});

describe("parseDestinationConfig", () => {
  it("reads the destination, the window and the pace from a sync config, and ignores the rest", () => {
    const parsed = parseDestinationConfig(
      { ...minimal, settle: "10m", since: "2026-11-20", until: "1h", concurrency: "8" },
      now,
      VERIFY_FIELDS,
    );
    expect(parsed).toMatchObject({
      ok: true,
      config: {
        destination: { bucket: "rds-log-archive", prefix: "" },
        since: new Date("2026-11-20T00:00:00Z"),
        concurrency: 8,
        timeouts: { connect: 10_000, idle: 60_000, total: 1_800_000 },
      },
    });
    expect(parsed.ok && "targets" in parsed.config).toBe(false);
  });

  it("needs a destination, and names what is wrong with it", () => {
    expect(parseDestinationConfig({}, now, VERIFY_FIELDS)).toEqual({
      ok: false,
      issues: [{ path: ["destination"], message: "is required" }],
    });
    expect(
      parseDestinationConfig(
        { destination: { bucket: "Bad_Bucket" }, since: "2026-11-21", until: "2026-11-20" },
        now,
        VERIFY_FIELDS,
      ),
    ).toMatchObject({
      ok: false,
      issues: [{ path: ["destination", "bucket"] }, { path: ["since"] }],
    });
  });

  it("reads the destination alone when asked for no other field: the rest, wrong or not, is not read", () => {
    const parsed = parseDestinationConfig(
      { ...minimal, since: "yesterday-ish", until: "2020-01-01", concurrency: "many", settle: "soon" },
      now,
    );
    expect(parsed).toEqual({
      ok: true,
      config: { destination: expect.objectContaining({ bucket: "rds-log-archive", prefix: "" }) },
    });
    expect(parseDestinationConfig({ destination: { bucket: "Bad_Bucket" }, since: "x" }, now)).toMatchObject({
      ok: false,
      issues: [{ path: ["destination", "bucket"] }],
    });
  });
});
