/**
 * The committed bundle, run as the GitHub runner runs it (Node 24, INPUT_* variables, file
 * commands), against real servers on loopback: the RDS emulator with its STS, a local GitHub OIDC
 * token service, and Swift s3api holding a second, "log-archive" account. No ambient credentials:
 * everything the run can do, it can do only through the OIDC token and the roles it assumes.
 */
import { createHash } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import {
  type _Object,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import {
  materializeDemoFleet,
  type OidcTokenService,
  type RdsEmulator,
  SWIFT_SERVICE_PATHS,
  type SwiftS3,
  serviceAvailability,
  startEmulator,
  startOidcTokenService,
  startSwiftS3,
} from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ActionRun, maskedValues, runAction } from "./support/run-action.js";

const swiftAvailability = serviceAvailability("Swift s3api", SWIFT_SERVICE_PATHS);

const SOURCE_ROLE = "arn:aws:iam::111111111111:role/rds-log-reader";
const DESTINATION_ROLE = "arn:aws:iam::222222222222:role/log-archive-writer";
const BUCKET = "central-archive";
const REGION = "us-east-1";

describe.skipIf(!swiftAvailability.available)("the GitHub Action bundle under Node 24", () => {
  let swift: SwiftS3;
  let oidc: OidcTokenService;
  let emulator: RdsEmulator;
  let fleetDir: string;
  let archiveAccount: S3Client;
  let archiveKeys: { accessKeyId: string; secretAccessKey: string };

  beforeAll(async () => {
    // A Swift of its own: the shared one has no second tempauth account. Its start may take
    // minutes on a loaded machine, which the hook allows for.
    swift = await startSwiftS3({
      buckets: ["ambient"],
      otherAccounts: [{ account: "logarchive", user: "writer", key: "writer-secret", buckets: [BUCKET] }],
      readyTimeoutMs: 180_000,
    });
    oidc = await startOidcTokenService();
    fleetDir = await materializeDemoFleet();
    archiveKeys = swift.otherAccounts[0] ?? expect.unreachable();
    emulator = await startEmulator({
      fleetDir,
      region: REGION,
      sts: {
        oidcProviders: [oidc.provider],
        roles: [
          {
            roleArn: SOURCE_ROLE,
            trust: [{ federated: oidc.issuer, subjects: ["repo:octo-org/octo-repo:*"] }],
          },
          {
            roleArn: DESTINATION_ROLE,
            trust: [{ principals: [SOURCE_ROLE] }],
            fixedCredentials: archiveKeys,
          },
        ],
      },
    });
    archiveAccount = new S3Client({
      endpoint: swift.endpoint,
      region: REGION,
      credentials: archiveKeys,
      forcePathStyle: true,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }, 300_000);

  afterAll(async () => {
    archiveAccount?.destroy();
    await emulator?.close();
    await oidc?.close();
    await swift?.stop();
    if (fleetDir) await rm(fleetDir, { recursive: true, force: true });
  });

  /** What every run of the job gets: endpoints, the region and the OIDC token request variables. */
  const jobEnv = () => ({
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL_RDS: emulator.endpoint,
    AWS_ENDPOINT_URL_STS: emulator.endpoint,
    AWS_ENDPOINT_URL_S3: swift.endpoint,
    ...oidc.env,
  });

  const archiveInputs = (prefix: string) => ({
    "role-to-assume": SOURCE_ROLE,
    "destination-role-to-assume": DESTINATION_ROLE,
    destination: `s3://${BUCKET}/${prefix}`,
    "all-instances": "true",
  });

  async function listObjects(prefix: string): Promise<_Object[]> {
    const listed = await archiveAccount.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
    return (listed.Contents ?? []).filter((object) => !object.Key?.includes("/_state/"));
  }

  /** Every object decompresses to its source file, byte for byte, and says so in its metadata. */
  async function expectObjectsMatchTheFleet(objects: _Object[]): Promise<Set<string>> {
    const versions = new Set<string>();
    for (const { Key } of objects) {
      const head = await archiveAccount.send(new HeadObjectCommand({ Bucket: BUCKET, Key }));
      const metadata = head.Metadata ?? {};
      const body = await archiveAccount.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
      const bytes = gunzipSync(Buffer.from(await (body.Body ?? expect.unreachable()).transformToByteArray()));
      const source = await readFile(
        path.join(
          fleetDir,
          "instances",
          metadata.instance ?? "",
          ...(metadata["log-file-name"] ?? "").split("/"),
        ),
      );
      expect(bytes.equals(source), `${Key} holds its source's bytes`).toBe(true);
      expect(metadata["source-sha256"]).toBe(createHash("sha256").update(source).digest("hex"));
      versions.add(`${metadata.instance} ${metadata["log-file-name"]} ${metadata["last-written"]}`);
    }
    return versions;
  }

  /** No masked value (token, keys) appears anywhere but in its own ::add-mask:: command. */
  function expectSecretsMasked(run: ActionRun, atLeast: number): void {
    const masked = maskedValues(run.stdout);
    expect(masked.length).toBeGreaterThanOrEqual(atLeast);
    const unmasked = run.stdout.replace(/^::add-mask::.+$/gm, "");
    for (const secret of masked) {
      for (const place of [unmasked, run.stderr, run.summary, JSON.stringify(run.outputs)]) {
        expect(place.includes(secret)).toBe(false);
      }
    }
  }

  it("archives the fleet into another account through OIDC and a chained role, then does nothing on a re-run", async () => {
    emulator.requests.clear();
    const run = await runAction(archiveInputs("rds/"), jobEnv());
    expect(run.stderr).toBe("");
    expect(run.code, run.stdout).toBe(0);

    const objects = await listObjects("rds/");
    expect(objects.length).toBeGreaterThan(0);
    expect(run.outputs).toMatchObject({
      "archived-count": String(objects.length),
      "failed-count": "0",
      "gap-count": "0",
    });
    const report = JSON.parse(await readFile(run.outputs["report-path"] ?? "", "utf8"));
    expect(Number(run.outputs["bytes-in"])).toBe(report.totals.bytesIn);
    expect(Number(run.outputs["bytes-out"])).toBe(report.totals.bytesOut);
    expect((await expectObjectsMatchTheFleet(objects)).size).toBe(objects.length);

    // Token, access key, secret and session token of the web identity are masked, and never printed.
    expectSecretsMasked(run, 4);
    const assumed = emulator.requests.requests.filter((r) => r.operation === "AssumeRoleWithWebIdentity");
    expect(assumed).toMatchObject([
      {
        roleArn: SOURCE_ROLE,
        roleSessionName: "GitHubActions-octo-org-octo-repo-4242",
        durationSeconds: 3600,
      },
    ]);
    // The chained destination session is named after the run too, and its credentials are masked.
    expect(emulator.requests.requests.filter((r) => r.operation === "AssumeRole")).toMatchObject([
      { roleArn: DESTINATION_ROLE, roleSessionName: "GitHubActions-octo-org-octo-repo-4242" },
    ]);
    expect(maskedValues(run.stdout)).toEqual(
      expect.arrayContaining([archiveKeys.accessKeyId, archiveKeys.secretAccessKey]),
    );

    expect(run.summary).toContain(`| ${objects.length} |`);
    expect(run.summary).toMatch(/CloudWatch Logs/);
    expect(run.summary).toContain("$0.50");

    const again = await runAction(archiveInputs("rds/"), jobEnv());
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs["archived-count"]).toBe("0");
    expect(await listObjects("rds/")).toHaveLength(objects.length);
  });

  it("passes role-external-id to the chained role and masks the account ids with mask-aws-account-id", async () => {
    emulator.requests.clear();
    const run = await runAction(
      {
        ...archiveInputs("external-id/"),
        "role-external-id": "octo-4242-external",
        "mask-aws-account-id": "true",
        "role-session-name": "nightly-archive",
      },
      jobEnv(),
    );
    expect(run.code, run.stdout).toBe(0);
    expect(emulator.requests.requests.filter((r) => r.operation.startsWith("AssumeRole"))).toMatchObject([
      { operation: "AssumeRoleWithWebIdentity", roleSessionName: "nightly-archive" },
      { operation: "AssumeRole", externalId: "octo-4242-external", roleSessionName: "nightly-archive" },
    ]);
    expect(maskedValues(run.stdout)).toEqual(expect.arrayContaining(["111111111111", "222222222222"]));
  });

  it("gives hints in the action's words: inputs, not the CLI's flags", async () => {
    const { "all-instances": _all, ...inputs } = archiveInputs("hints/");
    const run = await runAction({ ...inputs, instances: "ghost" }, jobEnv());
    expect(run.code).toBe(1);
    expect(run.summary).toContain("clusters go in input &quot;clusters&quot;");
    expect(`${run.summary}${run.stdout}`).not.toMatch(/--cluster|`targets\[\]\.clusters`/);
  });

  it("uses the ambient credentials when no role is given, as after configure-aws-credentials", async () => {
    const {
      ACTIONS_ID_TOKEN_REQUEST_URL: _url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: _token,
      ...withoutOidc
    } = jobEnv();
    emulator.requests.clear();
    const run = await runAction(
      { destination: "s3://ambient/rds/", instances: "billing-pg" },
      {
        ...withoutOidc,
        AWS_ACCESS_KEY_ID: swift.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: swift.credentials.secretAccessKey,
      },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(Number(run.outputs["archived-count"])).toBeGreaterThan(0);
    expect(emulator.requests.requests.some((r) => r.operation.startsWith("AssumeRole"))).toBe(false);
  });

  it("says which input to fix when the token's audience is not the provider's", async () => {
    const run = await runAction({ ...archiveInputs("audience/"), audience: "sts.example.com" }, jobEnv());
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::rds-log-archive: input "audience": .*Incorrect token audience/m);
    expect(await listObjects("audience/")).toHaveLength(0);
  });

  it("names the token's sub when the role's trust does not allow this repository", async () => {
    oidc.setTokenOptions({ subject: "repo:someone-else/octo-repo:ref:refs/heads/main" });
    try {
      const run = await runAction(archiveInputs("untrusted/"), jobEnv());
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /^::error::rds-log-archive: input "role-to-assume": the trust policy of .*rds-log-reader does not allow this workflow.*repo:someone-else\/octo-repo:ref:refs\/heads\/main/m,
      );
    } finally {
      oidc.setTokenOptions({});
    }
  });

  it("tells what permission to add when the job may not request an OIDC token", async () => {
    const {
      ACTIONS_ID_TOKEN_REQUEST_URL: _url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: _token,
      ...withoutOidc
    } = jobEnv();
    const run = await runAction(archiveInputs("no-oidc/"), withoutOidc);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /input "role-to-assume": .*permissions: \{ id-token: write, contents: read \}/,
    );
  });

  it("refuses a bad input by its name and writes nothing", async () => {
    const run = await runAction(
      { ...archiveInputs("bad-input/"), concurrency: "lots", settle: "soon" },
      jobEnv(),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/input "concurrency": /);
    expect(run.stdout).toMatch(/input "settle": /);
    expect(await listObjects("bad-input/")).toHaveLength(0);
  });

  it("fans out: matrix, shards as parallel jobs, merged reports; the union is the archive, once", async () => {
    const plan = await runAction({ ...archiveInputs("fanout/"), command: "matrix", shards: "3" }, jobEnv());
    expect(plan.code, plan.stdout).toBe(0);
    const matrix = JSON.parse(plan.outputs.matrix ?? "") as { include: { instances: string }[] };
    expect(matrix.include.length).toBe(Number(plan.outputs["shard-count"]));
    expect(matrix.include.length).toBeGreaterThan(1);
    const shardInstances = matrix.include.flatMap((entry) => entry.instances.split(","));
    expect(new Set(shardInstances).size).toBe(shardInstances.length);

    const shards = await Promise.all(
      matrix.include.map((entry) =>
        runAction({ ...archiveInputs("fanout/"), "only-instances": entry.instances }, jobEnv()),
      ),
    );
    for (const shard of shards) expect(shard.code, shard.stdout).toBe(0);

    const merged = await runAction(
      { command: "merge-reports", reports: shards.map((shard) => shard.runnerTemp).join("\n") },
      {},
    );
    expect(merged.code, merged.stdout).toBe(0);
    const objects = await listObjects("fanout/");
    const total = shards.reduce((sum, shard) => sum + Number(shard.outputs["archived-count"]), 0);
    expect(merged.outputs["archived-count"]).toBe(String(total));
    expect(objects).toHaveLength(total);
    const single = await listObjects("rds/");
    expect(objects.map((o) => o.Key?.replace(/^fanout\//, "")).sort()).toEqual(
      single.map((o) => o.Key?.replace(/^rds\//, "")).sort(),
    );
    expect(merged.summary).toMatch(/3 shards/);
  });
});
