/** kinesalite ships no types; this is the part of its API the harness uses. */
declare module "kinesalite" {
  import type { Server } from "node:http";

  interface KinesaliteOptions {
    /** Milliseconds a stream stays CREATING / DELETING / UPDATING (default 500 each). */
    createStreamMs?: number;
    deleteStreamMs?: number;
    updateStreamMs?: number;
    /** Shards per account (default 10). */
    shardLimit?: number;
    /** A LevelDB folder; in memory when absent. */
    path?: string;
  }

  function kinesalite(options?: KinesaliteOptions): Server;
  export = kinesalite;
}
