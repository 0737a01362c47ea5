import type { AddressInfo } from "node:net";
import kinesalite from "kinesalite";
import { createKinesisClient, type KinesisStandIn, STAND_IN_CREDENTIALS } from "./kinesis-stand-in.js";

export interface KinesaliteOptions {
  /** Milliseconds a stream stays CREATING, DELETING or UPDATING; default 0. */
  transitionMs?: number;
  /** Shards per account; default 50. */
  shardLimit?: number;
}

/**
 * kinesalite in this process, in memory, on a free loopback port: it starts in milliseconds, for
 * the many fast tests. It lacks `StreamARN` parameters, `ListShards` filters and paging,
 * `ChildShards` and `UpdateShardCount`; use {@link startKinesisLocal} where those matter.
 */
export async function startKinesalite(options: KinesaliteOptions = {}): Promise<KinesisStandIn> {
  const transition = options.transitionMs ?? 0;
  const server = kinesalite({
    createStreamMs: transition,
    deleteStreamMs: transition,
    updateStreamMs: transition,
    shardLimit: options.shardLimit ?? 50,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  const standIn: KinesisStandIn = {
    kind: "kinesalite",
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    pid: undefined,
    credentials: STAND_IN_CREDENTIALS,
    client: () => createKinesisClient(standIn),
    stop() {
      stopping ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return stopping;
    },
  };
  return standIn;
}
