/**
 * Bad input, as a user types it: every case is a usage error (exit 2) that names the flag or the
 * config field at fault, and writes nothing anywhere: no destination folder, no report, no folder
 * named after a mistyped URL in the working directory.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTrickyFleetCli } from "./support/tricky-fleet-cli.js";

const cli = useTrickyFleetCli("cli-bad-input");
let aFile: string;
let configWithPrefix: string;
let configWithBadRegion: string;

beforeAll(async () => {
  aFile = path.join(cli.work, "a-file.txt");
  await writeFile(aFile, "not a folder\n");
  configWithPrefix = path.join(cli.work, "escaping-prefix.yml");
  await writeFile(
    configWithPrefix,
    "targets:\n  - region: us-east-1\n    all: true\ndestination:\n  dir: archive\n  prefix: ../../outside\n",
  );
  configWithBadRegion = path.join(cli.work, "bad-region.yml");
  await writeFile(
    configWithBadRegion,
    "targets:\n  - region: eu-west\n    instances: [maria]\ndestination:\n  dir: archive\n",
  );
});

/** Runs in a working directory of its own, so that what one case leaves cannot fail another. */
async function runInFreshFolder(argv: string[]) {
  const cwd = await mkdtemp(path.join(tmpdir(), "cli-bad-input-cwd-"));
  try {
    const result = await cli.run(argv, {}, { cwd });
    return { ...result, left: await readdir(cwd) };
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

const SELECT = ["--instance", "maria"];
const DEST = ["--dest", "archive"];

/** [what, argv, the flag or field stderr must name]. */
const CASES: [string, () => string[], string][] = [
  ["s3: with one slash", () => ["sync", ...SELECT, "--dest", "s3:/bucket/x"], "--dest"],
  ["s3 without the colon", () => ["sync", ...SELECT, "--dest", "s3//bucket/x"], "--dest"],
  ["an http URL", () => ["sync", ...SELECT, "--dest", "http://example.com/logs"], "--dest"],
  ["an https URL", () => ["sync", ...SELECT, "--dest", "https://bucket.s3.amazonaws.com/x"], "--dest"],
  ["an ftp URL", () => ["sync", ...SELECT, "--dest", "ftp://host/logs"], "--dest"],
  ["a file: URL", () => ["sync", ...SELECT, "--dest", "file:///tmp/logs"], "--dest"],
  ["s3:// without a bucket", () => ["sync", ...SELECT, "--dest", "s3://"], "--dest"],
  ["a bucket name S3 refuses", () => ["sync", ...SELECT, "--dest", "s3://Bad_Bucket/x"], "--dest"],
  ["a prefix that climbs out", () => ["sync", ...SELECT, "--dest", "s3://bucket/../../etc"], "--dest"],
  ["an absolute-looking prefix", () => ["sync", ...SELECT, "--dest", "s3://bucket//x"], "--dest"],
  [
    "a prefix from the file that escapes",
    () => ["sync", "--config", configWithPrefix],
    "destination.prefix in",
  ],
  ["a file as the destination", () => ["sync", ...SELECT, "--dest", aFile], "--dest"],
  ["a folder under a file", () => ["sync", ...SELECT, "--dest", path.join(aFile, "sub")], "--dest"],
  ["a region without its number", () => ["sync", ...SELECT, ...DEST, "--region", "us-east"], "--region"],
  ["a region in capitals", () => ["sync", ...SELECT, ...DEST, "--region", "US-EAST-1"], "--region"],
  ["a made-up region", () => ["sync", ...SELECT, ...DEST, "--region", "mars"], "--region"],
  ["a bad region in the file", () => ["sync", "--config", configWithBadRegion], "targets[0].region in"],
  ["an instance id starting with a digit", () => ["sync", "--instance", "1db", ...DEST], "--instance"],
  ["an instance id with two hyphens", () => ["sync", "--instance", "db--1", ...DEST], "--instance"],
  ["an instance id ending in a hyphen", () => ["sync", "--instance", "db-", ...DEST], "--instance"],
  [
    "an instance id of 64 characters",
    () => ["sync", "--instance", `d${"b".repeat(63)}`, ...DEST],
    "--instance",
  ],
  ["a cluster id with an underscore", () => ["sync", "--cluster", "orders_db", ...DEST], "--cluster"],
  ["a lone [ in --log-types", () => ["sync", ...SELECT, ...DEST, "--log-types", "["], "--log-types"],
  [
    "an unclosed { in --log-types",
    () => ["sync", ...SELECT, ...DEST, "--log-types", "audit/{a"],
    "--log-types",
  ],
  [
    "a report folder that does not exist",
    () => ["sync", ...SELECT, ...DEST, "--report", path.join(cli.work, "missing", "r.json")],
    "--report",
  ],
  ["a report path that is a folder", () => ["sync", ...SELECT, ...DEST, "--report", cli.work], "--report"],
  [
    "a report under a file",
    () => ["sync", ...SELECT, ...DEST, "--report", path.join(aFile, "r.json")],
    "--report",
  ],
  ["since in words", () => ["sync", ...SELECT, ...DEST, "--since", "yesterday"], "--since"],
  ["since after until", () => ["sync", ...SELECT, ...DEST, "--since", "1h", "--until", "2h"], "--since"],
  ["settle in words", () => ["sync", ...SELECT, ...DEST, "--settle", "5 minutes"], "--settle"],
  ["no concurrency", () => ["sync", ...SELECT, ...DEST, "--concurrency", "0"], "--concurrency"],
  ["too much concurrency", () => ["sync", ...SELECT, ...DEST, "--concurrency", "65"], "--concurrency"],
  ["an unknown compression", () => ["sync", ...SELECT, ...DEST, "--compression", "brotli"], "--compression"],
  [
    "a gzip level out of range",
    () => ["sync", ...SELECT, ...DEST, "--compression", "gzip-10"],
    "--compression",
  ],
  ["an unknown encryption", () => ["sync", ...SELECT, "--dest", "s3://bucket", "--sse", "AES"], "--sse"],
  [
    "a key without aws:kms",
    () => ["sync", ...SELECT, "--dest", "s3://bucket", "--kms-key-id", "k"],
    "--kms-key-id",
  ],
  [
    "a short bucket owner",
    () => ["sync", ...SELECT, "--dest", "s3://bucket", "--expected-bucket-owner", "123"],
    "--expected-bucket-owner",
  ],
  ["a bucket-only flag on a folder", () => ["sync", ...SELECT, ...DEST, "--sse", "AES256"], "--sse"],
  [
    "a template without {logType}",
    () => ["sync", ...SELECT, ...DEST, "--key-template", "{instance}/{file}"],
    "--key-template",
  ],
  [
    "a template with a stray brace",
    () => ["sync", ...SELECT, ...DEST, "--key-template", "{prefix}{instance/{logType}/{file}"],
    "--key-template",
  ],
  [
    "a bucket region that is not one",
    () => ["sync", ...SELECT, "--dest", "s3://bucket", "--dest-region", "eu-west"],
    "--dest-region",
  ],
  [
    "a role that is no ARN",
    () => ["sync", ...SELECT, "--dest", "s3://bucket", "--dest-role-arn", "writer"],
    "--dest-role-arn",
  ],
  [
    "a session name with a space",
    () => ["sync", ...SELECT, ...DEST, "--role-session-name", "my run"],
    "--role-session-name",
  ],
  [
    "an external id of one character",
    () => ["sync", ...SELECT, ...DEST, "--role-external-id", "x"],
    "--role-external-id",
  ],
  [
    "an only-instances entry with two slashes",
    () => ["sync", ...SELECT, ...DEST, "--only-instances", "us-east-1/a/b"],
    "--only-instances",
  ],
  [
    "an only-instances entry in no region",
    () => ["sync", ...SELECT, ...DEST, "--only-instances", "us-east/maria"],
    "--only-instances",
  ],
  ["a profile that does not exist", () => ["sync", ...SELECT, ...DEST, "--profile", "nosuch"], "--profile"],
  ["nothing selected", () => ["sync", ...DEST], "--cluster, --instance or --all"],
  ["no destination", () => ["sync", ...SELECT], "--dest"],
  ["an unknown flag", () => ["sync", ...SELECT, ...DEST, "--instances", "maria"], "--instances"],
  ["a value for a switch", () => ["sync", "--all=false", ...DEST], "--all"],
  ["a shard count of zero", () => ["matrix", ...SELECT, ...DEST, "--shards", "0"], "--shards"],
  ["--shards outside matrix", () => ["sync", ...SELECT, ...DEST, "--shards", "2"], "--shards"],
  [
    "events with a log-file flag",
    () => ["events", ...SELECT, ...DEST, "--settle", "5m"],
    "--settle applies to sync and plan, not to events",
  ],
  [
    "activity-stream with a window",
    () => ["activity-stream", ...SELECT, ...DEST, "--since", "1h"],
    "--since applies to sync, plan and events, not to activity-stream",
  ],
  [
    "activity-stream with a compression",
    () => ["activity-stream", ...SELECT, ...DEST, "--compression", "zstd"],
    "--compression applies to sync and plan, not to activity-stream",
  ],
  [
    "events with a compression",
    () => ["events", ...SELECT, ...DEST, "--compression", "zstd"],
    "--compression applies to sync and plan, not to events",
  ],
  [
    "events with a reading time",
    () => ["events", ...SELECT, ...DEST, "--max-duration", "5m"],
    "--max-duration applies to activity-stream, not to events",
  ],
  ["activity-stream by tags", () => ["activity-stream", ...SELECT, ...DEST, "--tag", "team=a"], "--tag"],
  ["events with a bad destination", () => ["events", ...SELECT, "--dest", "s3:/bucket"], "--dest"],
  ["plan with a bad destination", () => ["plan", ...SELECT, "--dest", "s3:/bucket"], "--dest"],
  [
    "iam-policy with a bad region",
    () => ["iam-policy", ...SELECT, ...DEST, "--region", "useast1"],
    "--region",
  ],
  [
    "merge-reports of nothing there",
    () => ["merge-reports", path.join(cli.work, "nothing-here")],
    "does not exist",
  ],
];

describe("bad input", () => {
  it.each(CASES)("%s: exit 2, names it, writes nothing", async (_what, argv, named) => {
    const before = await readdir(cli.work);
    const fileBefore = await readFile(aFile, "utf8");
    const result = await runInFreshFolder(argv());
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(named);
    expect(result.stdout).toBe("");
    expect(result.left, "nothing in the working directory").toEqual([]);
    expect(await readdir(cli.work), "nothing beside the test's files").toEqual(before);
    expect(await readFile(aFile, "utf8")).toBe(fileBefore);
  });

  it("still accepts what looks odd but is right: a Windows-style drive path is a folder, not a URL scheme", async () => {
    // `C:` is a drive letter, not a scheme; on Linux it is a folder named "C:".
    const result = await runInFreshFolder(["plan", ...SELECT, "--dest", "C:/archive"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.left).toEqual([]);
  });
});
