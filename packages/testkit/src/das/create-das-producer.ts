/**
 * Database Activity Stream records made the way RDS makes them, for tests: the payload
 * `{type: "DatabaseActivityMonitoringRecord", clusterId, instanceId, databaseActivityEventList}`
 * is gzipped and encrypted with the real AWS Encryption SDK (raw AES keyring, namespace `BC`, key
 * name `DataKey`, suite 0x0378 ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384, which only the
 * FORBID_ENCRYPT_ALLOW_DECRYPT policy may encrypt with) under a data key from KMS
 * `GenerateDataKey` with the stream's encryption context; the Kinesis record is the JSON envelope
 * `{type: "DatabaseActivityMonitoringRecords", version, databaseActivityEvents, key}`.
 */
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { buildEncrypt } from "@aws-crypto/encrypt-node";
import { AlgorithmSuiteIdentifier, CommitmentPolicy } from "@aws-crypto/material-management-node";
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from "@aws-crypto/raw-aes-keyring-node";
import { GenerateDataKeyCommand, type KMSClient } from "@aws-sdk/client-kms";
import { DAS_ENVELOPE_VERSIONS, type DasEngine, type DasEvent } from "./das-engine-events.js";

const gzipAsync = promisify(gzip);
const { encrypt } = buildEncrypt(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);

export interface DasProducerOptions {
  /** A KMS client for the emulator's endpoint (`AWS_ENDPOINT_URL_KMS`). */
  kms: KMSClient;
  /** The stream's KMS key, as DescribeDB* report it in `ActivityStreamKmsKeyId`. */
  kmsKeyId: string;
  engine: DasEngine;
  /** `DbiResourceId` (`db-…`) of the instance the events come from. */
  instanceResourceId: string;
  /** `DbClusterResourceId` (`cluster-…`); required for Aurora, absent for RDS for Oracle / SQL Server. */
  clusterResourceId?: string;
  /**
   * A fresh data key every this many records. RDS reuses one data key across many records (how
   * often it changes is not documented); the default, 0, never rotates unless told.
   */
  rotateEvery?: number;
  /** ESDK frame length; small values force the multi-frame messages larger payloads get. */
  frameLength?: number;
  /** The envelope version; default the engine's (1.1 Aurora PostgreSQL, 1.2 Aurora MySQL, 1.3 Oracle, 1.4 SQL Server). */
  version?: string;
}

export interface DasProducer {
  /** `{"aws:rds:dbc-id": cluster-…}` for Aurora, `{"aws:rds:db-id": db-…}` for RDS instances. */
  readonly encryptionContext: Readonly<Record<string, string>>;
  /** How many data keys KMS has generated so far. */
  readonly dataKeys: number;
  /** One Kinesis record's `Data`: the UTF-8 JSON envelope carrying `events` as one list. */
  record(events: readonly DasEvent[]): Promise<Buffer>;
  /** The next record gets a new data key. */
  rotateDataKey(): void;
}

export function createDasProducer(options: DasProducerOptions): DasProducer {
  const aurora = options.engine.startsWith("aurora-");
  if (aurora && options.clusterResourceId === undefined) {
    throw new Error(`createDasProducer: clusterResourceId is required for ${options.engine}`);
  }
  const encryptionContext: Record<string, string> = aurora
    ? { "aws:rds:dbc-id": options.clusterResourceId as string }
    : { "aws:rds:db-id": options.instanceResourceId };
  let current: { key: string; dataKey: Uint8Array; uses: number } | undefined;
  let dataKeys = 0;

  async function dataKey() {
    if (
      current &&
      (options.rotateEvery === undefined || options.rotateEvery <= 0 || current.uses < options.rotateEvery)
    ) {
      current.uses += 1;
      return current;
    }
    const { CiphertextBlob, Plaintext } = await options.kms.send(
      new GenerateDataKeyCommand({
        KeyId: options.kmsKeyId,
        KeySpec: "AES_256",
        EncryptionContext: encryptionContext,
      }),
    );
    dataKeys += 1;
    current = {
      key: Buffer.from(CiphertextBlob as Uint8Array).toString("base64"),
      dataKey: new Uint8Array(Plaintext as Uint8Array),
      uses: 1,
    };
    return current;
  }

  return {
    encryptionContext,
    get dataKeys() {
      return dataKeys;
    },
    rotateDataKey() {
      current = undefined;
    },
    async record(events) {
      const { key, dataKey: unencryptedMasterKey } = await dataKey();
      const payload = {
        type: "DatabaseActivityMonitoringRecord",
        // RDS instances (Oracle, SQL Server) write an empty clusterId, not none.
        clusterId: options.clusterResourceId ?? "",
        instanceId: options.instanceResourceId,
        databaseActivityEventList: events,
      };
      const keyring = new RawAesKeyringNode({
        keyNamespace: "BC",
        keyName: "DataKey",
        // The keyring may zero what it is given; it gets its own copy.
        unencryptedMasterKey: new Uint8Array(unencryptedMasterKey),
        wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
      });
      const { result } = await encrypt(
        keyring,
        await gzipAsync(Buffer.from(JSON.stringify(payload), "utf8")),
        {
          suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384,
          ...(options.frameLength === undefined ? {} : { frameLength: options.frameLength }),
        },
      );
      const envelope = {
        type: "DatabaseActivityMonitoringRecords",
        version: options.version ?? DAS_ENVELOPE_VERSIONS[options.engine],
        databaseActivityEvents: result.toString("base64"),
        key,
      };
      return Buffer.from(JSON.stringify(envelope), "utf8");
    },
  };
}
