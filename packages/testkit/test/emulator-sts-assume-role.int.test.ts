/**
 * AssumeRole on the emulator, chained from web-identity credentials as the action's destination
 * role is; the life of issued credentials in the emulator (expiry, session tokens); and STS
 * set up from a file on the standalone emulator.
 */
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulatorProcess } from "../src/emulator/emulator-process.js";
import { writeFleet } from "../src/fleet/write-fleet.js";
import {
  ACCOUNT,
  failure,
  GHA_ROLE,
  type Keys,
  keysOf,
  READER_ROLE,
  region,
  type StsRig,
  startStsRig,
} from "./support/sts-rig.js";

let rig: StsRig;

beforeAll(async () => {
  rig = await startStsRig();
});

beforeEach(() => {
  rig.setClockAhead(0);
  rig.emulator.requests.clear();
});

afterAll(async () => {
  await rig.close();
});

describe("AssumeRole", () => {
  const assumeReader = (credentials: Keys, durationSeconds?: number) => {
    const client = new STSClient({ region, endpoint: rig.emulator.endpoint, credentials, maxAttempts: 1 });
    return client
      .send(
        new AssumeRoleCommand({
          RoleArn: READER_ROLE,
          RoleSessionName: "rds-log-archive",
          ...(durationSeconds === undefined ? {} : { DurationSeconds: durationSeconds }),
        }),
      )
      .finally(() => client.destroy());
  };

  it("chains from web-identity credentials to a role that trusts the first, and RDS accepts the result", async () => {
    const first = await rig.webIdentity(rig.oidc.issueToken());
    const chained = await assumeReader(keysOf(first.Credentials));
    expect(chained.AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/rds-log-reader/rds-log-archive`,
    );
    expect(chained.Credentials?.AccessKeyId).not.toBe(first.Credentials?.AccessKeyId);

    await rig.describeWith(keysOf(chained.Credentials));
    expect(rig.emulator.requests.requests.slice(1)).toMatchObject([
      {
        operation: "AssumeRole",
        status: 200,
        accessKeyId: first.Credentials?.AccessKeyId,
        assumedRoleArn: first.AssumedRoleUser?.Arn,
        roleArn: READER_ROLE,
        roleSessionName: "rds-log-archive",
      },
      { operation: "DescribeDBInstances", status: 200, assumedRoleArn: chained.AssumedRoleUser?.Arn },
    ]);
  });

  it("holds a chained session to one hour", async () => {
    const first = await rig.webIdentity(rig.oidc.issueToken());
    expect(await failure(assumeReader(keysOf(first.Credentials), 7200))).toMatchObject({
      code: "ValidationError",
      message:
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    });
  });

  it("denies a caller the trust policy does not name", async () => {
    expect(await failure(assumeReader({ accessKeyId: "test:tester", secretAccessKey: "testing" }))).toEqual({
      code: "AccessDenied",
      status: 403,
      message: `User: test:tester is not authorized to perform: sts:AssumeRole on resource: ${READER_ROLE}`,
    });
  });

  it("checks the caller's signature like any signed request", async () => {
    expect(
      await failure(assumeReader({ accessKeyId: "test:tester", secretAccessKey: "wrong" })),
    ).toMatchObject({
      code: "SignatureDoesNotMatch",
      status: 403,
    });
  });
});

describe("issued credentials in the emulator", () => {
  it("are refused once STS's clock passes their expiration", async () => {
    const out = await rig.webIdentity(rig.oidc.issueToken(), GHA_ROLE, { DurationSeconds: 900 });
    await rig.describeWith(keysOf(out.Credentials));
    rig.setClockAhead(901_000);
    expect(await failure(rig.describeWith(keysOf(out.Credentials)))).toEqual({
      code: "ExpiredToken",
      status: 403,
      message: "The security token included in the request is expired",
    });
  });

  it("are refused without their session token", async () => {
    const out = await rig.webIdentity(rig.oidc.issueToken());
    expect(await failure(rig.describeWith(keysOf(out.Credentials, false)))).toEqual({
      code: "InvalidClientTokenId",
      status: 403,
      message: "The security token included in the request is invalid.",
    });
  });
});

describe("rds-log-archive-emulator --sts FILE", () => {
  it("serves the roles and providers of the file, finding the provider's keys by discovery", async () => {
    const fleetDir = await writeFleet({ instances: [{ id: "db-1", engine: "postgres" }] });
    const stsFile = path.join(fleetDir, "sts.json");
    await writeFile(
      stsFile,
      JSON.stringify({
        oidcProviders: [{ issuer: rig.oidc.issuer }],
        roles: [
          { roleArn: GHA_ROLE, trust: [{ federated: rig.oidc.issuer, subjects: ["repo:octo-org/*"] }] },
        ],
      }),
    );
    const standalone = await startEmulatorProcess(["--fleet", fleetDir, "--sts", stsFile]);
    const client = new STSClient({ region, endpoint: standalone.endpoint });
    try {
      const out = await client.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: GHA_ROLE,
          RoleSessionName: "standalone",
          WebIdentityToken: rig.oidc.issueToken(),
        }),
      );
      expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/gha-archiver/standalone`);
    } finally {
      client.destroy();
      await standalone.stop();
      await rm(fleetDir, { recursive: true, force: true });
    }
  });

  it("refuses to start on a file with problems, naming each", async () => {
    const fleetDir = await writeFleet({});
    const stsFile = path.join(fleetDir, "sts.json");
    await writeFile(stsFile, JSON.stringify({ roles: [{ roleArn: "gha", trust: [{ subjects: ["*"] }] }] }));
    try {
      await expect(startEmulatorProcess(["--fleet", fleetDir, "--sts", stsFile])).rejects.toThrow(
        /exited with 2:\n--sts: .*sts\.json is not a valid STS setup:\n {2}- roles\[0\]\.roleArn: must be arn:aws:iam::<12 digits>:role\/<name>\n {2}- roles\[0\]\.trust\[0\]: must have "federated"/,
      );
    } finally {
      await rm(fleetDir, { recursive: true, force: true });
    }
  });
});
