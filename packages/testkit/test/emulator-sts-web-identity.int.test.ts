/**
 * AssumeRoleWithWebIdentity on the emulator, driven by the real @aws-sdk/client-sts with tokens
 * from the local OIDC token service: the answer, and each refusal as AWS sends it.
 */
import { AssumeRoleWithWebIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../src/emulator/start-emulator.js";
import { startOidcTokenService } from "../src/oidc/start-oidc-token-service.js";
import {
  ACCOUNT,
  failure,
  GHA_ROLE,
  IMMUTABLE_ROLE,
  keysOf,
  region,
  type StsRig,
  startStsRig,
} from "./support/sts-rig.js";

const IMMUTABLE_SUB = "repo:octo-org@65/octo-repo@74:ref:refs/heads/main";

let rig: StsRig;

beforeAll(async () => {
  rig = await startStsRig();
});

beforeEach(() => {
  rig.emulator.requests.clear();
});

afterAll(async () => {
  await rig.close();
});

describe("AssumeRoleWithWebIdentity", () => {
  it("trades the token endpoint's token for credentials that RDS accepts, and records the request", async () => {
    const before = Date.now();
    const out = await rig.webIdentity(await rig.requestIdToken(), GHA_ROLE, { DurationSeconds: 900 });

    expect(out.SubjectFromWebIdentityToken).toBe("repo:octo-org/octo-repo:ref:refs/heads/main");
    expect(out.Audience).toBe("sts.amazonaws.com");
    expect(out.Provider).toBe(
      `arn:aws:iam::${ACCOUNT}:oidc-provider/${rig.oidc.issuer.replace("http://", "")}`,
    );
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/gha-archiver/gh-run-1`);
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:gh-run-1$/);
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.SessionToken?.length).toBeGreaterThan(100);
    // STS stamps its own clock, read during the call, cut to whole seconds, plus the duration.
    const expiration = out.Credentials?.Expiration?.getTime() ?? 0;
    expect(expiration).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 900_000);
    expect(expiration).toBeLessThanOrEqual(Date.now() + 900_000);

    // Unsigned, as the SDK sends it: nobody signed the AssumeRoleWithWebIdentity.
    expect(rig.emulator.requests.requests[0]?.accessKeyId).toBeUndefined();
    const described = await rig.describeWith(keysOf(out.Credentials));
    expect(described.DBInstances?.map((i) => i.DBInstanceIdentifier)).toEqual(["db-1"]);
    expect(rig.emulator.requests.requests).toMatchObject([
      {
        operation: "AssumeRoleWithWebIdentity",
        status: 200,
        roleArn: GHA_ROLE,
        roleSessionName: "gh-run-1",
        durationSeconds: 900,
      },
      {
        operation: "DescribeDBInstances",
        status: 200,
        accessKeyId: out.Credentials?.AccessKeyId,
        assumedRoleArn: out.AssumedRoleUser?.Arn,
      },
    ]);
  });

  it("is reached through AWS_ENDPOINT_URL_STS, as the action's SDK finds it", async () => {
    process.env.AWS_ENDPOINT_URL_STS = rig.emulator.endpoint;
    const fromEnv = new STSClient({ region });
    try {
      const out = await fromEnv.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: GHA_ROLE,
          RoleSessionName: "from-env",
          WebIdentityToken: await rig.requestIdToken(),
        }),
      );
      expect(out.AssumedRoleUser?.Arn).toMatch(/assumed-role\/gha-archiver\/from-env$/);
    } finally {
      fromEnv.destroy();
      delete process.env.AWS_ENDPOINT_URL_STS;
    }
  });

  it("matches the immutable subject form only with a pattern written for it", async () => {
    rig.oidc.setTokenOptions({ subject: IMMUTABLE_SUB });
    try {
      const token = await rig.requestIdToken();
      const out = await rig.webIdentity(token, IMMUTABLE_ROLE);
      expect(out.SubjectFromWebIdentityToken).toBe(IMMUTABLE_SUB);
      // `repo:octo-org/octo-repo:*` was written for the classic form and silently stops matching.
      expect(await failure(rig.webIdentity(token, GHA_ROLE))).toMatchObject({
        code: "AccessDenied",
        status: 403,
      });
    } finally {
      rig.oidc.setTokenOptions({});
    }
  });

  it("refuses a token for another audience as InvalidIdentityToken, in STS's XML", async () => {
    const token = await rig.requestIdToken("https://github.com/octo-org");
    expect(await failure(rig.webIdentity(token))).toEqual({
      code: "InvalidIdentityToken",
      status: 400,
      message: "Incorrect token audience",
    });
    const raw = await fetch(rig.emulator.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        Action: "AssumeRoleWithWebIdentity",
        Version: "2011-06-15",
        RoleArn: GHA_ROLE,
        RoleSessionName: "raw",
        WebIdentityToken: token,
      }),
    });
    expect(raw.status).toBe(400);
    expect(await raw.text()).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>InvalidIdentityToken<\/Code><Message>Incorrect token audience<\/Message><\/Error><RequestId>[\w-]+<\/RequestId><\/ErrorResponse>$/,
    );
  });

  it("denies a subject the trust policy does not name, and a role that does not exist", async () => {
    const denied = {
      code: "AccessDenied",
      status: 403,
      message: "Not authorized to perform sts:AssumeRoleWithWebIdentity",
    };
    const otherRepo = rig.oidc.issueToken({ subject: "repo:octo-org/other-repo:ref:refs/heads/main" });
    expect(await failure(rig.webIdentity(otherRepo))).toEqual(denied);
    const missing = `arn:aws:iam::${ACCOUNT}:role/no-such-role`;
    expect(await failure(rig.webIdentity(rig.oidc.issueToken(), missing))).toEqual(denied);
  });

  it("refuses an expired token with ExpiredTokenException", async () => {
    const expired = rig.oidc.issueToken({ expiresInSeconds: -60 });
    const { code, status, message } = await failure(rig.webIdentity(expired));
    expect({ code, status }).toEqual({ code: "ExpiredTokenException", status: 400 });
    expect(message).toMatch(
      /^Token expired: current date\/time \d+ must be before the expiration date\/time \d+$/,
    );
  });

  it("refuses a token signed by another key under the same issuer and kid", async () => {
    const forger = await startOidcTokenService({ issuer: rig.oidc.issuer, keyId: rig.oidc.keyId });
    try {
      const { code, status, message } = await failure(rig.webIdentity(forger.issueToken()));
      expect({ code, status }).toEqual({ code: "InvalidIdentityToken", status: 400 });
      expect(message).toContain("signature does not verify");
    } finally {
      await forger.close();
    }
  });

  it("refuses a token from an issuer it has no provider for", async () => {
    const stranger = await startOidcTokenService();
    try {
      expect(await failure(rig.webIdentity(stranger.issueToken()))).toEqual({
        code: "InvalidIdentityToken",
        status: 400,
        message: `No OpenIDConnect provider found in your account for ${stranger.issuer}`,
      });
    } finally {
      await stranger.close();
    }
  });

  it("validates RoleSessionName and DurationSeconds, reporting both at once", async () => {
    const out = await failure(
      rig.sts.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: GHA_ROLE,
          RoleSessionName: "a b",
          WebIdentityToken: rig.oidc.issueToken(),
          DurationSeconds: 600,
        }),
      ),
    );
    expect(out).toEqual({
      code: "ValidationError",
      status: 400,
      message:
        "2 validation errors detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*; Value '600' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    });
    expect(
      await failure(rig.webIdentity(rig.oidc.issueToken(), GHA_ROLE, { DurationSeconds: 7200 })),
    ).toEqual({
      code: "ValidationError",
      status: 400,
      message: "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    });
  });

  it("finds the provider's keys through its discovery document when none are configured", async () => {
    const discovering = await startEmulator({
      sts: {
        oidcProviders: [{ issuer: rig.oidc.issuer }],
        roles: [
          { roleArn: GHA_ROLE, trust: [{ federated: rig.oidc.issuer, subjects: ["repo:octo-org/*"] }] },
        ],
      },
    });
    const client = new STSClient({ region, endpoint: discovering.endpoint });
    try {
      const fetched = rig.oidc.requests.length;
      const out = await client.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: GHA_ROLE,
          RoleSessionName: "discovered",
          WebIdentityToken: rig.oidc.issueToken(),
        }),
      );
      expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
      expect(rig.oidc.requests.slice(fetched).map((r) => r.path)).toEqual([
        "/.well-known/openid-configuration",
        "/.well-known/jwks",
      ]);
    } finally {
      client.destroy();
      await discovering.close();
    }
  });
});
