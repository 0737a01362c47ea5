/**
 * The emulator's KMS as @aws-sdk/client-kms sees it: data keys bound to their key and encryption
 * context, KMS's error codes, SigV4 with static and STS-issued keys, the request log, and the
 * fault knobs (throttling, access denied, disabled keys).
 */

import {
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  KMSClient,
  type KMSClientConfig,
} from "@aws-sdk/client-kms";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RdsEmulator, startEmulator } from "../src/emulator/start-emulator.js";

const ACCOUNT = "123456789012";
const DAS_KEY = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const OTHER_KEY = "11111111-2222-4333-8444-555555555555";
const CROSS_ACCOUNT_KEY = "22222222-3333-4444-8555-666666666666";
const DAS_KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/${DAS_KEY}`;
const CLUSTER_CONTEXT = { "aws:rds:dbc-id": "cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ" };
const credentials = { accessKeyId: "test:tester", secretAccessKey: "testing" };

let emulator: RdsEmulator;
let kms: KMSClient;

const client = (config: Partial<KMSClientConfig> = {}) =>
  new KMSClient({ region: "us-east-1", endpoint: emulator.endpoint, credentials, ...config });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => error,
  );

beforeAll(async () => {
  emulator = await startEmulator({
    fleet: {
      kmsKeys: [
        { id: DAS_KEY, aliases: ["alias/das"], description: "DAS key" },
        { id: OTHER_KEY },
        { id: "99999999-9999-4999-8999-999999999999", enabled: false },
        { id: CROSS_ACCOUNT_KEY, accountId: "210987654321" },
      ],
    },
    sts: {
      roles: [
        {
          roleArn: `arn:aws:iam::${ACCOUNT}:role/das-reader`,
          trust: [{ principals: [`arn:aws:iam::${ACCOUNT}:root`] }],
        },
      ],
    },
  });
  kms = client();
});

beforeEach(() => {
  emulator.faults.set({});
  emulator.kms.setKnobs({});
  emulator.requests.clear();
});

afterAll(async () => {
  kms.destroy();
  await emulator.close();
});

describe("data keys", () => {
  it("generates a data key whose blob decrypts only with the same encryption context, as DAS needs", async () => {
    const generated = await kms.send(
      new GenerateDataKeyCommand({
        KeyId: "alias/das",
        KeySpec: "AES_256",
        EncryptionContext: CLUSTER_CONTEXT,
      }),
    );
    expect(generated.KeyId).toBe(DAS_KEY_ARN);
    expect(generated.Plaintext).toHaveLength(32);
    const blob = generated.CiphertextBlob as Uint8Array;

    const decrypted = await kms.send(
      new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: CLUSTER_CONTEXT }),
    );
    expect(Buffer.from(decrypted.Plaintext as Uint8Array)).toEqual(
      Buffer.from(generated.Plaintext as Uint8Array),
    );
    expect(decrypted).toMatchObject({ KeyId: DAS_KEY_ARN, EncryptionAlgorithm: "SYMMETRIC_DEFAULT" });

    const wrongContexts = [
      { "aws:rds:db-id": CLUSTER_CONTEXT["aws:rds:dbc-id"] },
      {},
      { "aws:rds:dbc-id": "cluster-SOMETHINGELSE" },
      { ...CLUSTER_CONTEXT, extra: "pair" },
    ];
    for (const context of wrongContexts) {
      const error = await failure(
        kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context })),
      );
      expect(error.name, JSON.stringify(context)).toBe("InvalidCiphertextException");
      expect(error.$metadata.httpStatusCode).toBe(400);
    }
  });

  it("encrypts and decrypts with a key named by id, ARN or alias, and binds the blob to its key", async () => {
    const plaintext = Buffer.from("データキー 🔑", "utf8");
    for (const keyId of [DAS_KEY, DAS_KEY_ARN, "alias/das", `arn:aws:kms:us-east-1:${ACCOUNT}:alias/das`]) {
      const { CiphertextBlob, KeyId } = await kms.send(
        new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }),
      );
      expect(KeyId).toBe(DAS_KEY_ARN);
      const back = await kms.send(new DecryptCommand({ CiphertextBlob, KeyId: keyId }));
      expect(Buffer.from(back.Plaintext as Uint8Array).toString("utf8")).toBe("データキー 🔑");
    }
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: DAS_KEY, Plaintext: plaintext }));
    const wrongKey = await failure(kms.send(new DecryptCommand({ CiphertextBlob, KeyId: OTHER_KEY })));
    expect(wrongKey.name).toBe("IncorrectKeyException");
    const tampered = Buffer.from(CiphertextBlob as Uint8Array);
    tampered[tampered.length - 1] = (tampered.at(-1) as number) ^ 1;
    expect((await failure(kms.send(new DecryptCommand({ CiphertextBlob: tampered })))).name).toBe(
      "InvalidCiphertextException",
    );
    const garbage = await failure(
      kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from("not a blob") })),
    );
    expect(garbage.name).toBe("InvalidCiphertextException");
  });

  it("finds another account's key by its ARN only, as KMS does", async () => {
    const arn = `arn:aws:kms:us-east-1:210987654321:key/${CROSS_ACCOUNT_KEY}`;
    const { KeyId } = await kms.send(new EncryptCommand({ KeyId: arn, Plaintext: Buffer.from("x") }));
    expect(KeyId).toBe(arn);
    const bare = await failure(
      kms.send(new EncryptCommand({ KeyId: CROSS_ACCOUNT_KEY, Plaintext: Buffer.from("x") })),
    );
    expect(bare.name).toBe("NotFoundException");
    expect(bare.message).toContain(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${CROSS_ACCOUNT_KEY}`);
  });

  it("describes a key as KMS does", async () => {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: "alias/das" }));
    expect(KeyMetadata).toMatchObject({
      AWSAccountId: ACCOUNT,
      KeyId: DAS_KEY,
      Arn: DAS_KEY_ARN,
      Enabled: true,
      Description: "DAS key",
      KeyUsage: "ENCRYPT_DECRYPT",
      KeyState: "Enabled",
      KeySpec: "SYMMETRIC_DEFAULT",
      EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"],
    });
    expect(KeyMetadata?.CreationDate).toBeInstanceOf(Date);
  });
});

describe("errors as KMS sends them", () => {
  it("answers unknown keys and aliases NotFoundException, disabled keys DisabledException", async () => {
    const unknown = await failure(
      kms.send(
        new GenerateDataKeyCommand({ KeyId: "00000000-0000-4000-8000-000000000000", KeySpec: "AES_256" }),
      ),
    );
    expect(unknown).toMatchObject({ name: "NotFoundException" });
    expect(unknown.message).toContain(
      `arn:aws:kms:us-east-1:${ACCOUNT}:key/00000000-0000-4000-8000-000000000000`,
    );
    const alias = await failure(
      kms.send(new EncryptCommand({ KeyId: "alias/nope", Plaintext: Buffer.from("x") })),
    );
    expect(alias.name).toBe("NotFoundException");
    const disabled = await failure(
      kms.send(
        new EncryptCommand({ KeyId: "99999999-9999-4999-8999-999999999999", Plaintext: Buffer.from("x") }),
      ),
    );
    expect(disabled.name).toBe("DisabledException");
  });

  it("validates as KMS does: one of KeySpec or NumberOfBytes, blob sizes, DryRun", async () => {
    const neither = await failure(kms.send(new GenerateDataKeyCommand({ KeyId: DAS_KEY })));
    expect(neither).toMatchObject({
      name: "ValidationException",
      message: "Please specify either number of bytes or key spec.",
    });
    const tooLarge = await failure(
      kms.send(new EncryptCommand({ KeyId: DAS_KEY, Plaintext: Buffer.alloc(4097) })),
    );
    expect(tooLarge.name).toBe("ValidationException");
    expect(tooLarge.message).toContain("'plaintext'");
    const dryRun = await failure(
      kms.send(new GenerateDataKeyCommand({ KeyId: DAS_KEY, NumberOfBytes: 32, DryRun: true })),
    );
    expect(dryRun.name).toBe("DryRunOperationException");
    expect(dryRun.$metadata.httpStatusCode).toBe(412);
  });

  it("puts __type and message in the JSON body, and leaves the message out of InvalidCiphertextException", async () => {
    const unsigned = await fetch(emulator.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "TrentService.Decrypt" },
      body: "{}",
    });
    expect(unsigned.status).toBe(400);
    expect(unsigned.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(await unsigned.json()).toEqual({
      __type: "MissingAuthenticationTokenException",
      message: "Missing Authentication Token",
    });

    const body = JSON.stringify({ CiphertextBlob: Buffer.from("garbage").toString("base64") });
    const signed = await signKms(body, "TrentService.Decrypt");
    const response = await fetch(emulator.endpoint, { method: "POST", headers: signed, body });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ __type: "InvalidCiphertextException" });

    const unknownTarget = await fetch(emulator.endpoint, {
      method: "POST",
      headers: await signKms("{}", "TrentService.ScheduleKeyDeletion"),
      body: "{}",
    });
    expect(await unknownTarget.json()).toEqual({ __type: "UnknownOperationException" });
  });
});

describe("SigV4 for service kms", () => {
  it("refuses a wrong secret, an unknown key id and a signature for another service", async () => {
    const call = (config: Partial<KMSClientConfig>) => {
      const other = client({ maxAttempts: 1, ...config });
      return failure(other.send(new DescribeKeyCommand({ KeyId: DAS_KEY }))).finally(() => other.destroy());
    };
    expect((await call({ credentials: { ...credentials, secretAccessKey: "wrong" } })).name).toBe(
      "InvalidSignatureException",
    );
    expect((await call({ credentials: { accessKeyId: "AKIDUNKNOWN", secretAccessKey: "x" } })).name).toBe(
      "UnrecognizedClientException",
    );
    expect((await call({ region: "eu-west-1" })).name).toBe("InvalidSignatureException");
  });

  it("accepts STS-issued credentials and records who used which key", async () => {
    const sts = new STSClient({ region: "us-east-1", endpoint: emulator.endpoint, credentials });
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/das-reader`,
        RoleSessionName: "archiver",
      }),
    );
    sts.destroy();
    const assumed = client({
      credentials: {
        accessKeyId: Credentials?.AccessKeyId as string,
        secretAccessKey: Credentials?.SecretAccessKey as string,
        sessionToken: Credentials?.SessionToken as string,
      },
    });
    const { CiphertextBlob } = await kms.send(
      new GenerateDataKeyCommand({ KeyId: DAS_KEY, KeySpec: "AES_256", EncryptionContext: CLUSTER_CONTEXT }),
    );
    await assumed.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: CLUSTER_CONTEXT }));
    emulator.kms.setKnobs({ accessDeniedKeys: [DAS_KEY] });
    const denied = await failure(
      assumed.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: CLUSTER_CONTEXT })),
    );
    assumed.destroy();
    expect(denied.name).toBe("AccessDeniedException");
    expect(denied.message).toBe(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/das-reader/archiver is not authorized to perform: kms:Decrypt on resource: ${DAS_KEY_ARN} because no resource-based policy allows the kms:Decrypt action`,
    );
    const decrypts = emulator.requests.requests.filter((r) => r.operation === "Decrypt");
    expect(decrypts.map((r) => [r.status, r.errorCode, r.kmsKeyArn, r.assumedRoleArn])).toEqual([
      [200, undefined, DAS_KEY_ARN, `arn:aws:sts::${ACCOUNT}:assumed-role/das-reader/archiver`],
      [400, "AccessDeniedException", DAS_KEY_ARN, `arn:aws:sts::${ACCOUNT}:assumed-role/das-reader/archiver`],
    ]);
    expect(emulator.requests.counts()).toMatchObject({ AssumeRole: 1, GenerateDataKey: 1, Decrypt: 2 });
    const described = await failure(kms.send(new DescribeKeyCommand({ KeyId: DAS_KEY })));
    expect(described.message).toContain("is not authorized to perform: kms:DescribeKey");
  });
});

describe("fault knobs", () => {
  it("throttles KMS calls with ThrottlingException, which the SDK retries, and counts every attempt", async () => {
    const { CiphertextBlob } = await kms.send(
      new EncryptCommand({ KeyId: DAS_KEY, Plaintext: Buffer.from("k") }),
    );
    emulator.faults.set({ throttleRate: 1, throttleOperations: ["Decrypt"] });
    const retried = client({ maxAttempts: 3 });
    const error = await failure(retried.send(new DecryptCommand({ CiphertextBlob })));
    retried.destroy();
    expect(error.name).toBe("ThrottlingException");
    expect(error.message).toBe(
      "You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.",
    );
    expect(emulator.requests.counts().Decrypt).toBe(3);
    emulator.faults.set({ throttleRate: 0.5, throttleOperations: ["Decrypt"], seed: 7 });
    const patient = client({ maxAttempts: 10 });
    const back = await patient.send(new DecryptCommand({ CiphertextBlob }));
    patient.destroy();
    expect(Buffer.from(back.Plaintext as Uint8Array).toString()).toBe("k");
  });

  it("disables a key while running, in process or through the admin route", async () => {
    const response = await fetch(`${emulator.endpoint}/_emulator/kms`, {
      method: "PUT",
      body: JSON.stringify({ disabledKeys: ["alias/das"] }),
    });
    expect(await response.json()).toEqual({ disabledKeys: ["alias/das"] });
    const error = await failure(
      kms.send(new EncryptCommand({ KeyId: DAS_KEY, Plaintext: Buffer.from("k") })),
    );
    expect(error).toMatchObject({ name: "DisabledException", message: `${DAS_KEY_ARN} is disabled.` });
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: DAS_KEY }));
    expect(KeyMetadata?.KeyState).toBe("Disabled");
  });
});

/** A KMS request signed by hand, to see the raw answer rather than the SDK's reading of it. */
async function signKms(body: string, target: string): Promise<Record<string, string>> {
  const url = new URL(emulator.endpoint);
  const signer = new SignatureV4({
    service: "kms",
    region: "us-east-1",
    credentials,
    sha256: Hash.bind(null, "sha256"),
  });
  const signed = await signer.sign({
    method: "POST",
    protocol: url.protocol,
    hostname: url.hostname,
    path: "/",
    query: {},
    headers: { host: url.host, "content-type": "application/x-amz-json-1.1", "x-amz-target": target },
    body,
  });
  const { host: _host, ...headers } = signed.headers;
  return headers;
}
