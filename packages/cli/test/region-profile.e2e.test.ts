/**
 * Region and profile as the AWS CLI has them: the profile's region (through the SDK's own
 * loaders, from a temp AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE), `--profile`, and
 * `--region` as a default that never replaces a region the config states. The emulator serves
 * eu-west-1 only and checks each request's signing region, so a run that lands in another region
 * fails.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type EmulatorProcess, startEmulatorProcess, writeTrickyFleet } from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.js";
import { archivedFiles } from "./support/tricky-fleet-cli.js";

let fleetDir: string;
let work: string;
let emulator: EmulatorProcess;
/** The SDK's files and the emulator, but no AWS_REGION and no keys in the environment. */
let base: Record<string, string>;

beforeAll(async () => {
  fleetDir = await writeTrickyFleet(new Date());
  emulator = await startEmulatorProcess(["--fleet", fleetDir, "--region", "eu-west-1"]);
  work = await mkdtemp(path.join(tmpdir(), "cli-region-profile-"));
  const configFile = path.join(work, "aws-config");
  const credentialsFile = path.join(work, "aws-credentials");
  await writeFile(
    configFile,
    "[default]\nregion = ap-southeast-2\n\n[profile archive]\nregion = eu-west-1\n\n[profile elsewhere]\nregion = us-west-2\n",
  );
  await writeFile(
    credentialsFile,
    [
      "[default]",
      "aws_access_key_id = test:tester",
      "aws_secret_access_key = testing",
      "[archive]",
      "aws_access_key_id = test:tester",
      "aws_secret_access_key = testing",
      "[elsewhere]",
      "aws_access_key_id = test:tester",
      "aws_secret_access_key = testing",
      "",
    ].join("\n"),
  );
  base = {
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_ENDPOINT_URL_RDS: emulator.endpoint,
    // The SDK would otherwise look for an EC2 instance's region, which this machine is not.
    AWS_EC2_METADATA_DISABLED: "true",
  };
});

afterAll(async () => {
  await emulator?.stop();
  await rm(fleetDir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

const run = (args: string[], env: Record<string, string> = {}) => runCli(args, { ...base, ...env });

describe("the region of a profile", () => {
  it("is used by plan and sync when AWS_PROFILE names a profile with a region: no --region needed", async () => {
    const plan = await run(["plan", "--instance", "maria", "--dest", path.join(work, "plan")], {
      AWS_PROFILE: "archive",
    });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain("3 files would be archived");

    const dest = path.join(work, "synced");
    const sync = await run(["sync", "--instance", "maria", "--dest", dest], { AWS_PROFILE: "archive" });
    expect(sync.code, sync.stdout + sync.stderr).toBe(0);
    expect(await archivedFiles(dest)).toHaveLength(3);
  });

  it("is used with --profile, which wins over AWS_PROFILE as in the AWS CLI", async () => {
    const result = await run(
      ["plan", "--profile", "archive", "--instance", "maria", "--dest", path.join(work, "plan")],
      { AWS_PROFILE: "elsewhere" },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("3 files would be archived");
  });

  it("gives way to AWS_REGION and to --region, in the AWS CLI's order", async () => {
    const wrong = await run(["plan", "--profile", "archive", "--instance", "maria", "--dest", work], {
      AWS_REGION: "us-west-2",
    });
    // The emulator answers for eu-west-1 only: the request was signed for us-west-2.
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain("instance maria in us-west-2");
    const right = await run([
      "plan",
      "--profile",
      "elsewhere",
      "--region",
      "eu-west-1",
      "--instance",
      "maria",
      "--dest",
      work,
    ]);
    expect(right.code, right.stdout + right.stderr).toBe(0);
  });

  it("fills in a config target that names no region, and AWS_DEFAULT_REGION counts as the AWS CLI reads it", async () => {
    const config = path.join(work, "no-region.yml");
    await writeFile(config, `targets:\n  - instances: [maria]\ndestination:\n  dir: ${work}\n`);
    const result = await run(["plan", "--config", config, "--verbose"], {
      AWS_DEFAULT_REGION: "eu-west-1",
      AWS_ACCESS_KEY_ID: "test:tester",
      AWS_SECRET_ACCESS_KEY: "testing",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("target eu-west-1: instances maria");
  });

  it("says where a region can come from when none does", async () => {
    const result = await run(["plan", "--instance", "maria", "--dest", work], {
      AWS_CONFIG_FILE: path.join(work, "no-such-config"),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "--region: is required: name it, or set AWS_REGION, or give the AWS profile a region",
    );
  });
});

describe("--region beside a config's regions", () => {
  it("never replaces the regions the config's targets state: the policies keep both", async () => {
    const config = path.join(work, "two-regions.yml");
    await writeFile(
      config,
      [
        "targets:",
        "  - region: eu-west-1",
        "    clusters: [orders]",
        "  - region: ap-northeast-1",
        "    instances: [billing-1]",
        "  - instances: [legacy-1]",
        `destination:\n  dir: ${work}`,
        "",
      ].join("\n"),
    );
    const result = await run(["iam-policy", "--config", config, "--region", "us-east-1"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const { sourcePolicy } = JSON.parse(result.stdout) as {
      sourcePolicy: { Statement: { Sid: string; Resource: string | string[] }[] };
    };
    const readLogs = sourcePolicy.Statement.find((s) => s.Sid === "ReadLogFiles")?.Resource;
    expect(readLogs).toEqual([
      "arn:aws:rds:ap-northeast-1:*:db:billing-1",
      "arn:aws:rds:eu-west-1:*:db:*",
      "arn:aws:rds:us-east-1:*:db:legacy-1",
    ]);
  });
});
