// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Athena's storage.location.template is written with ${column}
/** `rds-log-archive athena-ddl` end to end: the built CLI, a config file or flags, SQL on stdout. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.js";

let work: string;
// No AWS credentials or endpoints: athena-ddl reads the destination only, and calls nothing.
const run = (args: string[]) => runCli(["athena-ddl", ...args], {});

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "cli-athena-"));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe("rds-log-archive athena-ddl", () => {
  it("prints the tables of a config file's destination, targets or not, with keyTemplate: hive", async () => {
    const config = path.join(work, "archive.yml");
    await writeFile(
      config,
      ["destination:", "  bucket: central-logs", "  prefix: rds", "  keyTemplate: hive", ""].join("\n"),
    );
    const { code, stdout, stderr } = await run(["--config", config, "--database", "ops"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("CREATE DATABASE IF NOT EXISTS `ops`;");
    expect(stdout).toContain(
      "'storage.location.template' = 's3://central-logs/rds/cluster=${cluster}/log_type=${log_type}/hour=${hour}/'",
    );
    expect(stdout).toContain("'s3://central-logs/rds/cluster=${cluster}/log_type=events/hour=${hour}/'");
    expect(stdout).toContain("'s3://central-logs/rds/cluster=${cluster}/log_type=activity/hour=${hour}/'");
    expect(stdout).toContain('CREATE OR REPLACE VIEW "ops"."rds_log_lines_with_file"');
  });

  it("prints one source for a folder, naming the bucket BUCKET, with a note on stderr", async () => {
    const { code, stdout, stderr } = await run(["--dest", work, "--source", "events"]);
    expect(code).toBe(0);
    expect(stdout).toContain("LOCATION 's3://BUCKET/'");
    expect(stdout).not.toContain("rds_log_lines");
    expect(stderr).toContain('--exclude "*.meta.json"');
  });

  it("exits 2 naming the flag for a template Athena cannot project, or a bad --source", async () => {
    const template = await run([
      "--dest",
      "s3://b-logs/x",
      "--key-template",
      "{prefix}{cluster}/{logType}/{yyyy}/{instance}/{mm}/{dd}/{hh}/{file}.gz",
    ]);
    expect(template.code).toBe(2);
    expect(template.stdout).toBe("");
    expect(template.stderr).toContain("--key-template: destination.keyTemplate");
    expect(template.stderr).toContain("other text between");
    const source = await run(["--dest", "s3://b-logs/x", "--source", "logs"]);
    expect(source.code).toBe(2);
    expect(source.stderr).toContain("--source");
    const database = await run(["--dest", "s3://b-logs/x", "--database", "My-DB"]);
    expect(database.code).toBe(2);
    expect(database.stderr).toContain("--database");
  });

  it("reads the destination alone: other fields of the file are not read, a bad destination is named", async () => {
    const config = path.join(work, "sync.yml");
    await writeFile(
      config,
      ["since: not-a-time", "concurrency: many", "destination:", "  bucket: central-logs", ""].join("\n"),
    );
    const ok = await run(["--config", config, "--source", "events"]);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    const badDest = await run(["--dest", "s3:/central-logs"]);
    expect(badDest.code).toBe(2);
    expect(badDest.stdout).toBe("");
    expect(badDest.stderr).toContain("--dest:");
    const badFile = path.join(work, "bad-bucket.yml");
    await writeFile(badFile, ["destination:", "  bucket: Bad_Bucket", ""].join("\n"));
    const fromFile = await run(["--config", badFile]);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toContain(`destination.bucket in ${badFile}:`);
  });
});
