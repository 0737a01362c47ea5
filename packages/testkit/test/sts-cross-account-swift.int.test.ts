/**
 * The cross-account destination as the action sets it up: web identity, then AssumeRole on a
 * role in the log-archive account whose credentials are a second Swift account's keys. Also
 * pins what Swift s3api does with a session token, which that design relies on.
 */
import { DescribeDBInstancesCommand, RDSClient } from "@aws-sdk/client-rds";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RdsEmulator, startEmulator } from "../src/emulator/start-emulator.js";
import { type OidcTokenService, startOidcTokenService } from "../src/oidc/start-oidc-token-service.js";
import { serviceAvailability } from "../src/services/require-service.js";
import {
  SWIFT_SERVICE_PATHS,
  type SwiftCredentials,
  type SwiftS3,
  startSwiftS3,
} from "../src/services/swift-s3.js";

const swiftAvailability = serviceAvailability("Swift s3api", SWIFT_SERVICE_PATHS);

const GHA_ROLE = "arn:aws:iam::123456789012:role/gha-archiver";
const DESTINATION_ROLE = "arn:aws:iam::210987654321:role/log-archive-writer";
const BUCKET = "log-archive";
const region = "us-east-1";

describe.skipIf(!swiftAvailability.available)("a cross-account destination role on Swift", () => {
  let swift: SwiftS3;
  let oidc: OidcTokenService;
  let emulator: RdsEmulator;

  /** An S3 client that also reports the headers each request went out with, signature included. */
  const s3With = (credentials: SwiftCredentials & { sessionToken?: string }) => {
    const client = new S3Client({
      endpoint: swift.endpoint,
      region,
      credentials,
      forcePathStyle: true,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      maxAttempts: 1,
    });
    const sent: Record<string, string>[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
        return next(args);
      },
      { step: "deserialize" },
    );
    return { client, sent };
  };

  beforeAll(async () => {
    // A Swift of its own, for the second tempauth account; a loaded machine may take minutes to start it.
    swift = await startSwiftS3({
      otherAccounts: [{ account: "test2", user: "tester2", key: "testing2", buckets: [BUCKET] }],
      readyTimeoutMs: 180_000,
    });
    oidc = await startOidcTokenService();
    emulator = await startEmulator({
      sts: {
        oidcProviders: [oidc.provider],
        roles: [
          { roleArn: GHA_ROLE, trust: [{ federated: oidc.issuer, subjects: ["repo:octo-org/octo-repo:*"] }] },
          {
            roleArn: DESTINATION_ROLE,
            trust: [{ principals: [GHA_ROLE] }],
            fixedCredentials: swift.otherAccounts[0] ?? expect.unreachable(),
          },
        ],
      },
    });
  }, 300_000);

  afterAll(async () => {
    await emulator?.close();
    await oidc?.close();
    await swift?.stop();
  });

  it("Swift checks the signature but ignores the session token's value", async () => {
    const [keys = expect.unreachable()] = swift.otherAccounts;
    const { client, sent } = s3With({ ...keys, sessionToken: "any-token-at-all" });
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: "probe", Body: "probe" }));
    expect(sent[0]?.["x-amz-security-token"]).toBe("any-token-at-all");
    expect(sent[0]?.authorization).toMatch(/SignedHeaders=[^,]*x-amz-security-token/);

    const wrong = s3With({ ...keys, secretAccessKey: "wrong", sessionToken: "any-token-at-all" });
    await expect(
      wrong.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "probe" })),
    ).rejects.toMatchObject({
      name: "SignatureDoesNotMatch",
    });
    client.destroy();
    wrong.client.destroy();
  });

  it("chains from web identity to the destination role, whose keys reach a bucket the first account cannot", async () => {
    const sts = new STSClient({ region, endpoint: emulator.endpoint });
    const first = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: GHA_ROLE,
        RoleSessionName: "gh-run-1",
        WebIdentityToken: oidc.issueToken(),
      }),
    );
    const chained = new STSClient({
      region,
      endpoint: emulator.endpoint,
      credentials: {
        accessKeyId: first.Credentials?.AccessKeyId ?? "",
        secretAccessKey: first.Credentials?.SecretAccessKey ?? "",
        sessionToken: first.Credentials?.SessionToken ?? "",
      },
    });
    const destination = await chained.send(
      new AssumeRoleCommand({ RoleArn: DESTINATION_ROLE, RoleSessionName: "rds-log-archive-destination" }),
    );
    sts.destroy();
    chained.destroy();
    expect(destination.AssumedRoleUser?.Arn).toBe(
      "arn:aws:sts::210987654321:assumed-role/log-archive-writer/rds-log-archive-destination",
    );
    expect(destination.Credentials?.AccessKeyId).toBe("test2:tester2");
    const credentials = {
      accessKeyId: destination.Credentials?.AccessKeyId ?? "",
      secretAccessKey: destination.Credentials?.SecretAccessKey ?? "",
      sessionToken: destination.Credentials?.SessionToken ?? "",
    };

    const { client } = s3With(credentials);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: "db-1/error.log.gz", Body: "archived" }));
    client.destroy();
    const own = s3With(swift.credentials);
    await expect(
      own.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "db-1/error.log.gz" })),
    ).rejects.toMatchObject({ name: "NoSuchBucket" });
    own.client.destroy();

    // Those keys belong to the other store: the emulator's RDS does not take them.
    const rds = new RDSClient({ region, endpoint: emulator.endpoint, credentials, maxAttempts: 1 });
    await expect(rds.send(new DescribeDBInstancesCommand({}))).rejects.toMatchObject({
      name: "InvalidClientTokenId",
    });
    rds.destroy();
  });
});
