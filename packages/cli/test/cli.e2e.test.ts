import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { type SwiftS3, serviceAvailability, startSwiftS3 } from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archivedFiles, useTrickyFleetCli } from "./support/tricky-fleet-cli.js";

const { version } = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

const cli = useTrickyFleetCli("cli-e2e");
const { run } = cli;

describe("rds-log-archive", () => {
  it("prints its version and help", async () => {
    expect((await run(["--version"])).stdout.trim()).toBe(version);
    const help = await run(["sync", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--include-active");
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
      schemaVersion: 1,
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
    expect(second.code).toBe(0);
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

  it("says so when the report cannot be written, after a run that is done", async () => {
    const dest = path.join(cli.work, "report-nowhere");
    const report = path.join(cli.work, "no-such-folder", "report.json");
    const result = await run(["sync", "--instance", "aurora-2", "--dest", dest, "--report", report]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot write the report to ${report}`);
    expect(result.stderr).not.toContain("internal error");
    expect(await archivedFiles(dest)).toHaveLength(2);
  });

  it("never prints the credentials it was given", async () => {
    const result = await run(["sync", "--all", "--dest", path.join(cli.work, "secrets"), "--verbose"], {
      AWS_SECRET_ACCESS_KEY: "testing",
    });
    expect(`${result.stdout}${result.stderr}`).not.toContain("testing");
  });
});

const swift = serviceAvailability("Swift s3api", ["/usr/bin/swift-proxy-server", "/usr/bin/memcached"]);

describe.skipIf(!swift.available)("rds-log-archive into S3", () => {
  let s3: SwiftS3;
  beforeAll(async () => {
    s3 = await startSwiftS3({ buckets: ["logs"] });
  });
  afterAll(async () => s3?.stop());

  it("needs only AWS_ENDPOINT_URL_RDS and AWS_ENDPOINT_URL_S3 to run against local servers", async () => {
    const result = await run(["sync", "--all", "--dest", "s3://logs/rds/", "--json", "--quiet"], {
      AWS_ENDPOINT_URL_S3: s3.endpoint,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.totals).toMatchObject({ archived: 8, failed: 0 });
    expect(report.items.every((i: { key: string }) => i.key.startsWith("rds/"))).toBe(true);
  });
});
