import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { connectSharedSwift, SHARED_SWIFT_HOOK_TIMEOUT_MS, type SharedSwift } from "@rds-log-archive/testkit";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { archivedFiles, useTrickyFleetCli } from "./support/tricky-fleet-cli.js";

const { version } = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

const cli = useTrickyFleetCli("cli-e2e");
const { run } = cli;

describe("rds-log-archive", () => {
  it("prints its version and help", async () => {
    expect((await run(["--version"])).stdout.trim()).toBe(version);
    expect((await run(["-V"])).stdout.trim()).toBe(version);
    const help = await run(["sync", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--include-active");
    // The key template's rules, from the constants that enforce them.
    expect(help.stdout).toContain("{instance}, {logType} and {file} are required");
  });

  it("reads -v as --verbose, never as the version", async () => {
    const top = await run(["-v"]);
    expect(top.code).toBe(2);
    expect(top.stderr).toContain("-v is --verbose, given after a command");
    expect(top.stdout).not.toContain(version);
    const verbose = await run(["plan", "-v", "--instance", "aurora-2", "--dest", path.join(cli.work, "v")]);
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toContain("target us-east-1: instances aurora-2");
  });

  it("prints the settings and a line per file with --verbose, skipped files included", async () => {
    const dest = path.join(cli.work, "verbose");
    const args = ["sync", "--instance", "maria", "--dest", dest];
    const quiet = await run(args);
    expect(quiet.stderr).not.toContain("skipped ");
    const verbose = await run([...args, "--verbose"]);
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toContain("target us-east-1: instances maria");
    expect(verbose.stderr).toContain(`destination: ${dest} (key template {prefix}{cluster}/{logType}`);
    expect(verbose.stderr).toContain("settle 300 s; concurrency 4");
    expect(verbose.stderr).toMatch(/^maria: nothing to archive/m);
    expect(verbose.stderr).toMatch(/^skipped {2}maria audit\/server_audit\.log \(not-settled\)$/m);
    expect(verbose.stderr).toMatch(/^skipped {2}maria audit\/server_audit\.log\.1 \(already-archived\)$/m);
  });

  it("prints with sync --dry-run the same plan as plan", async () => {
    const dest = path.join(cli.work, "dry");
    const args = ["--cluster", "aurora", "--instance", "maria", "--dest", dest];
    const plan = await run(["plan", ...args]);
    const dry = await run(["sync", "--dry-run", ...args]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("8 files would be archived");
    const listing = (stdout: string) => stdout.split("\n").filter((line) => line.includes(" -> "));
    expect(listing(dry.stdout)).toHaveLength(8);
    expect(listing(dry.stdout)).toEqual(listing(plan.stdout));
    expect(await archivedFiles(dest)).toEqual([]);
  });

  it("matches --log-types as globs: classes and braces select, not match literally", async () => {
    const dest = path.join(cli.work, "globs");
    for (const glob of ["postgresql.log.2026-11-20-1[01]", "error/postgresql.log.2026-11-20-{10,11}"]) {
      const result = await run(["plan", "--cluster", "aurora", "--dest", dest, "--log-types", glob]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout, glob).toContain("3 files would be archived");
    }
  });

  it("plans without writing anything", async () => {
    const dest = path.join(cli.work, "planned");
    const result = await run(["plan", "--cluster", "aurora", "--instance", "maria", "--dest", dest]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("8 files would be archived");
    expect(await archivedFiles(dest)).toEqual([]);
  });

  it("syncs into a folder, writes the report, and a second run does nothing", async () => {
    const dest = path.join(cli.work, "archive");
    const reportFile = path.join(cli.work, "report.json");
    const first = await run([
      "sync",
      "--cluster",
      "aurora",
      "--instance",
      "maria",
      "--dest",
      dest,
      "--report",
      reportFile,
    ]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/8 archived .* 0 failed, 0 gaps; 3 instances/);
    expect(first.stderr).toMatch(/^archived aurora-1 error\/postgresql\.log\.2026-11-20-10 /m);
    const report = JSON.parse(await readFile(reportFile, "utf8"));
    expect(report).toMatchObject({
      schemaVersion: 2,
      dryRun: false,
      totals: { archived: 8, failed: 0, gaps: 0 },
    });
    expect(await archivedFiles(dest)).toHaveLength(8);

    const second = await run([
      "sync",
      "--cluster",
      "aurora",
      "--instance",
      "maria",
      "--dest",
      dest,
      "--json",
      "--quiet",
    ]);
    expect(second.code, second.stderr + second.stdout.slice(0, 3000)).toBe(0);
    expect(JSON.parse(second.stdout).totals).toMatchObject({ archived: 0, skipped: 9 });
    expect(await archivedFiles(dest)).toHaveLength(8);
  });

  it("reads a YAML config, with flags overriding it", async () => {
    const configFile = path.join(cli.work, "archive.yml");
    await writeFile(
      configFile,
      `targets:\n  - region: us-east-1\n    instances: [aurora-2]\ndestination:\n  dir: ${path.join(cli.work, "from-yaml")}\nsettle: 10m\n`,
    );
    const result = await run(["sync", "--config", configFile, "--log-types", "slowquery/*"]);
    expect(result.code).toBe(0);
    expect(await archivedFiles(path.join(cli.work, "from-yaml"))).toEqual([
      expect.stringMatching(/^aurora\/slowquery\/.*\/aurora-2\/mysql slow query\.log_\d{8}T\d{9}Z_20\.gz$/),
    ]);
  });

  it("names every bad flag at once, exits 2 and writes nothing", async () => {
    const dest = path.join(cli.work, "never");
    const result = await run([
      "sync",
      "--all",
      "--dest",
      dest,
      "--settle",
      "5 minutes",
      "--since",
      "yesterday",
      "--concurrency",
      "0",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--settle:");
    expect(result.stderr).toContain("--since:");
    expect(result.stderr).toContain("--concurrency:");
    expect(await archivedFiles(dest)).toEqual([]);
  });

  it("names the config file field when the value came from the file", async () => {
    const configFile = path.join(cli.work, "bad.json");
    await writeFile(
      configFile,
      JSON.stringify({
        targets: [{ region: "us-east-1", all: true }],
        destination: { dir: cli.work, sse: "AES256" },
      }),
    );
    const result = await run(["sync", "--config", configFile]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`destination.sse in ${configFile}`);
  });

  it("blames the file, not --dest, for a destination field that only the file set", async () => {
    const configFile = path.join(cli.work, "bad-sse.json");
    await writeFile(
      configFile,
      JSON.stringify({
        targets: [{ region: "us-east-1", all: true }],
        destination: { bucket: "b-1", sse: "AES256" },
      }),
    );
    const result = await run([
      "sync",
      "--config",
      configFile,
      "--dest",
      path.join(cli.work, "dir-from-flag"),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`destination.sse in ${configFile}`);
    expect(result.stderr).not.toContain("--sse");
  });

  it("refuses an unknown flag as a usage error", async () => {
    const result = await run(["sync", "--instances", "x"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--instances");
  });

  it("exits 1 and explains, with a hint, when a target does not exist; the others are archived", async () => {
    const dest = path.join(cli.work, "partial");
    const result = await run(["sync", "--instance", "ghost,aurora-2", "--dest", dest]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("instance ghost in us-east-1");
    expect(result.stdout).toContain("hint: check the instance id and the region");
    expect(await archivedFiles(dest)).toHaveLength(2);
  });

  it("explains a failed target even with --quiet", async () => {
    const result = await run([
      "sync",
      "--instance",
      "ghost",
      "--dest",
      path.join(cli.work, "quiet"),
      "--quiet",
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("instance ghost in us-east-1");
  });

  it("names a failure of the whole region as every instance in it, with what to check", async () => {
    const result = await run(["sync", "--all", "--dest", path.join(cli.work, "rejected")], {
      AWS_ACCESS_KEY_ID: "AKIDNOTKNOWNHERE",
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("targets that could not be archived:\n  every instance in us-east-1\n");
    expect(result.stdout).toContain("the credentials were rejected");
    expect(result.stdout).toContain("hint: check AWS_ACCESS_KEY_ID");
  });

  it("says that no credentials were found, not that they were rejected, when the chain has none", async () => {
    const empty = path.join(cli.work, "no-aws-config");
    const result = await run(["sync", "--all", "--dest", path.join(cli.work, "no-credentials")], {
      AWS_ACCESS_KEY_ID: "",
      AWS_SECRET_ACCESS_KEY: "",
      HOME: empty,
      AWS_CONFIG_FILE: path.join(empty, "config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(empty, "credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "ACCESS_DENIED: DescribeDBInstances on every instance in us-east-1: no AWS credentials could be loaded: ",
    );
    expect(result.stdout).not.toContain("rejected");
    expect(result.stdout).toContain("hint: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE");
  });

  it("refuses a report path it could not write before any work, naming --report", async () => {
    const dest = path.join(cli.work, "report-nowhere");
    const report = path.join(cli.work, "no-such-folder", "report.json");
    const result = await run(["sync", "--instance", "aurora-2", "--dest", dest, "--report", report]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--report: the folder");
    expect(result.stderr).not.toContain("internal error");
    expect(await archivedFiles(dest)).toEqual([]);
  });

  it("never prints the credentials it was given", async () => {
    const result = await run(["sync", "--all", "--dest", path.join(cli.work, "secrets"), "--verbose"], {
      AWS_SECRET_ACCESS_KEY: "testing",
    });
    expect(`${result.stdout}${result.stderr}`).not.toContain("testing");
  });
});

const swift = inject("sharedSwift");

describe.skipIf(!swift.available)("rds-log-archive into S3", () => {
  let s3: SharedSwift;
  let bucket: string;
  beforeAll(async () => {
    s3 = await connectSharedSwift(swift);
    bucket = await s3.createBucket("logs");
  }, SHARED_SWIFT_HOOK_TIMEOUT_MS);

  it("needs only AWS_ENDPOINT_URL_RDS and AWS_ENDPOINT_URL_S3 to run against local servers", async () => {
    const result = await run(["sync", "--all", "--dest", `s3://${bucket}/rds/`, "--json", "--quiet"], {
      AWS_ENDPOINT_URL_S3: s3.endpoint,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.totals).toMatchObject({ archived: 8, failed: 0 });
    expect(report.items.every((i: { key: string }) => i.key.startsWith("rds/"))).toBe(true);
  });
});
