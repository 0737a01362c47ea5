/**
 * One Aurora PostgreSQL cluster with a started Database Activity Stream, on loopback, for the
 * end-to-end tests of the CLI and the action: the emulator (RDS and KMS, with a cluster `quiet`
 * whose stream is not started), kinesalite holding the stream, and a producer that seals records
 * as RDS does. `env()` points a child process at all of it through the SDK's own variables.
 */
import { KMSClient } from "@aws-sdk/client-kms";
import { type RdsEmulator, startEmulator } from "../emulator/start-emulator.js";
import type { KinesisStandIn } from "../kinesis/kinesis-stand-in.js";
import { createTestStream } from "../kinesis/kinesis-test-streams.js";
import { startKinesalite } from "../kinesis/start-kinesalite.js";
import { createDasProducer, type DasProducer } from "./create-das-producer.js";

/** The stream's cluster resource id, and its member's instance resource id. */
export const DAS_CLUSTER_RESOURCE_ID = "cluster-ORDERS4HNY5V4RRNPKKYB7ICFK";
export const DAS_INSTANCE_RESOURCE_ID = "db-ORDERSONEFZJTMYKCXQBUUZ6V";
const KEY_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

export interface DasCluster {
  emulator: RdsEmulator;
  kinesis: KinesisStandIn;
  /** Seals records for cluster `orders`, as RDS does. */
  producer: DasProducer;
  /** `aws-rds-das-<cluster resource id>`. */
  streamName: string;
  /** AWS_ENDPOINT_URL_{RDS,KMS,KINESIS}, a region and the emulator's test key. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

/** Starts it all; the stream has `shards` shards (1 by default) and no record yet. */
export async function startDasCluster(options: { shards?: number } = {}): Promise<DasCluster> {
  const emulator = await startEmulator({
    fleet: {
      kmsKeys: [{ id: KEY_ID, aliases: ["alias/das"] }],
      clusters: [
        {
          id: "orders",
          engine: "aurora-postgresql",
          members: ["orders-1"],
          resourceId: DAS_CLUSTER_RESOURCE_ID,
          activityStream: { status: "started", kmsKeyId: "alias/das" },
        },
        { id: "quiet", engine: "aurora-mysql", members: ["quiet-1"] },
      ],
      instances: [
        { id: "orders-1", engine: "aurora-postgresql", cluster: "orders" },
        { id: "quiet-1", engine: "aurora-mysql", cluster: "quiet" },
      ],
    },
  });
  const kinesis = await startKinesalite();
  const kms = new KMSClient({
    region: "us-east-1",
    endpoint: emulator.endpoint,
    credentials: { accessKeyId: "test:tester", secretAccessKey: "testing" },
  });
  const streamName = `aws-rds-das-${DAS_CLUSTER_RESOURCE_ID}`;
  const client = kinesis.client();
  await createTestStream(client, streamName, options.shards ?? 1);
  client.destroy();
  return {
    emulator,
    kinesis,
    producer: createDasProducer({
      kms,
      kmsKeyId: "alias/das",
      engine: "aurora-postgresql",
      instanceResourceId: DAS_INSTANCE_RESOURCE_ID,
      clusterResourceId: DAS_CLUSTER_RESOURCE_ID,
    }),
    streamName,
    env: () => ({
      AWS_ENDPOINT_URL_RDS: emulator.endpoint,
      AWS_ENDPOINT_URL_KMS: emulator.endpoint,
      AWS_ENDPOINT_URL_KINESIS: kinesis.endpoint,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "test:tester",
      AWS_SECRET_ACCESS_KEY: "testing",
    }),
    async close() {
      kms.destroy();
      await kinesis.stop();
      await emulator.close();
    },
  };
}
