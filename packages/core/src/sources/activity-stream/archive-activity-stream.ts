import { setTimeout as sleep } from "node:timers/promises";
import pLimit from "p-limit";
import { createRdsPort } from "../../adapters/create-rds-port.js";
import type { ArchiveConfig } from "../../config/parse-config.js";
import {
  createDestinationStore,
  destinationStoreOptionsFor,
} from "../../destinations/create-destination-store.js";
import type { ObjectStore } from "../../destinations/object-store.js";
import type { CreateRdsPort } from "../../rds/rds-port.js";
import {
  type ActivityReportItem,
  type ActivityStreamReport,
  summarizeActivity,
} from "../../report/activity-report.js";
import {
  type ReportGap,
  type ReportTarget,
  RUN_REPORT_VERSION,
  type RunReport,
  summarizeRun,
  toReportError,
} from "../../report/run-report.js";
import type { KinesisPort, KmsPort, RecordDecryptor, StreamPortTarget } from "./activity-ports.js";
import { archiveStream } from "./archive-stream.js";
import { discoverActivityStreams } from "./discover-activity-streams.js";

/** What `archiveActivityStream` can be given instead of its defaults; tests and the bench inject these. */
export interface ActivityStreamDeps {
  /** The clock; the start is read once, and `maxDuration` counts from it. */
  now?: () => Date;
  store?: ObjectStore;
  createRdsPort?: CreateRdsPort;
  createKinesisPort?: (target: StreamPortTarget) => KinesisPort;
  createKmsPort?: (target: StreamPortTarget) => KmsPort;
  /** Opens the records; by default a pool of `decryptWorkers` worker threads, closed at the end. */
  decryptor?: RecordDecryptor;
  /** Worker threads of the default decryptor; one per core (at most 8) by default, 0 for none. */
  decryptWorkers?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The adapters only this source uses: the Kinesis and KMS clients and the Encryption SDK, about a
 * quarter of the bundled CLI. Imported when an activity-stream run starts, so that the start-up of
 * every other command (an hourly sync of small files pays it on each run) does not parse them.
 */
async function loadStreamAdapters() {
  const [pool, kinesis, kms] = await Promise.all([
    import("../../adapters/create-decrypt-pool.js"),
    import("../../adapters/create-kinesis-port.js"),
    import("../../adapters/create-kms-port.js"),
  ]);
  return {
    createDecryptPool: pool.createDecryptPool,
    createKinesisPort: kinesis.createKinesisPort,
    createKmsPort: kms.createKmsPort,
  };
}

/**
 * The Database Activity Streams source, and the one entry point the CLI, the Action and the tests
 * call for it: finds each selected cluster's or instance's stream, reads every shard from where
 * the archive ends, decrypts each record (KMS for its data key, once per key; the Encryption SDK
 * on worker threads), and archives the activity events as gzipped NDJSON batches, exactly once.
 * It never throws for a failed stream or shard: those are in the report, which decides the exit
 * code.
 */
export async function archiveActivityStream(
  config: ArchiveConfig,
  deps: ActivityStreamDeps = {},
): Promise<RunReport> {
  const clock = deps.now ?? (() => new Date());
  const startedAt = clock();
  const store =
    deps.store ?? (await createDestinationStore(config.destination, destinationStoreOptionsFor(config)));
  const discovery = await discoverActivityStreams(config, deps.createRdsPort ?? createRdsPort);
  const targets: ReportTarget[] = discovery.failures.map((failure) => ({
    region: failure.region,
    instance: failure.instance ?? failure.cluster ?? "",
    ...(failure.cluster === undefined ? {} : { cluster: failure.cluster }),
    engine: "",
    error: toReportError(failure.error),
  }));
  for (const s of discovery.streams) {
    targets.push({
      region: s.target.region,
      instance: s.id,
      engine: s.engine,
      ...(s.kind === "cluster" ? { cluster: s.id } : {}),
    });
  }

  const { createDecryptPool, createKinesisPort, createKmsPort } = await loadStreamAdapters();
  const decryptor = deps.decryptor ?? createDecryptPool(deps.decryptWorkers);
  const limitShards = pLimit(config.concurrency);
  const deadline =
    config.maxDuration === undefined ? Number.POSITIVE_INFINITY : startedAt.getTime() + config.maxDuration;
  const streams: ActivityStreamReport[] = [];
  const items: ActivityReportItem[] = [];
  const gaps: ReportGap[] = [];
  try {
    await Promise.all(
      discovery.streams.map(async (stream) => {
        const portTarget: StreamPortTarget = {
          region: stream.target.region,
          ...(stream.target.roleArn === undefined ? {} : { roleArn: stream.target.roleArn }),
          timeouts: config.timeouts,
          session: { sessionName: config.roleSessionName, externalId: config.roleExternalId },
        };
        const result = await archiveStream(stream, {
          kinesis: (deps.createKinesisPort ?? createKinesisPort)(portTarget),
          kms: (deps.createKmsPort ?? createKmsPort)(portTarget),
          decryptor,
          store,
          prefix: config.destination.prefix,
          keyTemplate: config.destination.keyTemplate,
          dryRun: config.dryRun,
          limitShards,
          startedAt,
          deadline,
          clock,
          sleep: deps.sleep ?? ((ms) => sleep(ms)),
        });
        streams.push(result.stream);
        items.push(...result.items);
        gaps.push(...result.gaps);
      }),
    );
  } finally {
    if (deps.decryptor === undefined) await decryptor.close();
  }

  const byName = (a: { instance: string }, b: { instance: string }) => compare(a.instance, b.instance);
  streams.sort((a, b) => compare(a.region, b.region) || byName(a, b));
  items.sort((a, b) => compare(a.key, b.key));
  return {
    schemaVersion: RUN_REPORT_VERSION,
    startedAt: startedAt.toISOString(),
    finishedAt: clock().toISOString(),
    dryRun: config.dryRun,
    totals: summarizeRun([], gaps),
    targets: targets.sort((a, b) => compare(a.region, b.region) || byName(a, b)),
    items: [],
    gaps: gaps.sort(byName),
    activity: { totals: summarizeActivity(streams, items), streams, items },
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
