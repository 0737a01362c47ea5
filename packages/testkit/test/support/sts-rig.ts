/**
 * The STS tests' shared setup: a local OIDC token service, an emulator that trusts it with three
 * roles, and the client calls the tests repeat. STS's clock can be moved ahead to expire
 * credentials without waiting.
 */
import { DescribeDBInstancesCommand, RDSClient } from "@aws-sdk/client-rds";
import { AssumeRoleWithWebIdentityCommand, type Credentials, STSClient } from "@aws-sdk/client-sts";
import { expect } from "vitest";
import { startEmulator } from "../../src/emulator/start-emulator.js";
import { startOidcTokenService } from "../../src/oidc/start-oidc-token-service.js";

export const ACCOUNT = "123456789012";
/** Web identity from octo-org/octo-repo in the classic `sub` form, audience sts.amazonaws.com. */
export const GHA_ROLE = `arn:aws:iam::${ACCOUNT}:role/gha-archiver`;
/** Web identity in the immutable `sub` form only. */
export const IMMUTABLE_ROLE = `arn:aws:iam::${ACCOUNT}:role/gha-archiver-immutable`;
/** AssumeRole by sessions of GHA_ROLE. */
export const READER_ROLE = `arn:aws:iam::${ACCOUNT}:role/rds-log-reader`;
export const region = "us-east-1";

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export type StsRig = Awaited<ReturnType<typeof startStsRig>>;

export async function startStsRig() {
  let clockAheadMs = 0;
  const oidc = await startOidcTokenService();
  const emulator = await startEmulator({
    fleet: { instances: [{ id: "db-1", engine: "postgres" }] },
    sts: {
      oidcProviders: [oidc.provider],
      roles: [
        {
          roleArn: GHA_ROLE,
          trust: [
            {
              federated: oidc.issuer,
              subjects: ["repo:octo-org/octo-repo:*"],
              audiences: ["sts.amazonaws.com"],
            },
          ],
        },
        {
          roleArn: IMMUTABLE_ROLE,
          trust: [{ federated: oidc.issuer, subjects: ["repo:octo-org@65/octo-repo@74:ref:refs/heads/*"] }],
        },
        { roleArn: READER_ROLE, trust: [{ principals: [GHA_ROLE] }] },
      ],
      now: () => new Date(Date.now() + clockAheadMs),
    },
  });
  const sts = new STSClient({ region, endpoint: emulator.endpoint });

  return {
    oidc,
    emulator,
    sts,
    setClockAhead(ms: number) {
      clockAheadMs = ms;
    },
    /** The token exchange as @actions/core's getIDToken does it (docs/aws-wire-facts.md). */
    async requestIdToken(audience = "sts.amazonaws.com"): Promise<string> {
      const response = await fetch(`${oidc.requestUrl}&audience=${encodeURIComponent(audience)}`, {
        headers: { authorization: `Bearer ${oidc.requestToken}`, accept: "application/json" },
      });
      return ((await response.json()) as { value: string }).value;
    },
    webIdentity(token: string, roleArn = GHA_ROLE, extra: { DurationSeconds?: number } = {}) {
      return sts.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: roleArn,
          RoleSessionName: "gh-run-1",
          WebIdentityToken: token,
          ...extra,
        }),
      );
    },
    async describeWith(credentials: Keys) {
      const rds = new RDSClient({ region, endpoint: emulator.endpoint, credentials, maxAttempts: 1 });
      try {
        return await rds.send(new DescribeDBInstancesCommand({}));
      } finally {
        rds.destroy();
      }
    },
    async close() {
      sts.destroy();
      await emulator.close();
      await oidc.close();
    },
  };
}

/** The keys of an STS answer, with or without the session token. */
export function keysOf(credentials: Credentials | undefined, withToken = true): Keys {
  return {
    accessKeyId: credentials?.AccessKeyId ?? "",
    secretAccessKey: credentials?.SecretAccessKey ?? "",
    ...(withToken && credentials?.SessionToken !== undefined
      ? { sessionToken: credentials.SessionToken }
      : {}),
  };
}

/**
 * The error the SDK threw, by its wire code (`InvalidIdentityToken`), which is not always the
 * SDK's class name (`InvalidIdentityTokenException`).
 */
export async function failure(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => expect.unreachable("the call succeeded"),
    (e: unknown) => e,
  )) as { name: string; Code?: string; message: string; $metadata?: { httpStatusCode?: number } };
  return { code: error.Code ?? error.name, status: error.$metadata?.httpStatusCode, message: error.message };
}
