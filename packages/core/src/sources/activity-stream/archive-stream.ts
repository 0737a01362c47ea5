import type { LimitFunction } from "p-limit";
import type { ObjectStore } from "../../destinations/object-store.js";
import type {
  ActivityReportItem,
  ActivityShardReport,
  ActivityStreamReport,
} from "../../report/activity-report.js";
import { type ReportGap, toReportError } from "../../report/run-report.js";
import { renderStateKey } from "../../state/state-keys.js";
import { readState } from "../../state/update-state.js";
import type { KinesisPort, KmsPort, RecordDecryptor, StreamRecord } from "./activity-ports.js";
import { parseActivityState, renderActivityState } from "./activity-state.js";
import { createCheckpointWriter } from "./create-checkpoint-writer.js";
import { createDataKeyCache } from "./create-data-key-cache.js";
import type { ActivityStreamTarget } from "./discover-activity-streams.js";
import { createArchivedBatchFinder } from "./find-archived-batches.js";
import { parseActivityEnvelope } from "./parse-activity-payload.js";
import { type PlannedGap, type PlannedShard, planStreamRead } from "./plan-stream-read.js";
import { readShard, type ShardReadResult } from "./read-shard.js";
import { renderStreamTag } from "./render-activity-key.js";

/** What archiving one stream needs beyond the stream itself. */
export interface StreamRunContext {
  kinesis: KinesisPort;
  kms: KmsPort;
  decryptor: RecordDecryptor;
  store: ObjectStore;
  prefix: string;
  keyTemplate: string;
  dryRun: boolean;
  /** Shards read at once, across all streams. */
  limitShards: LimitFunction;
  startedAt: Date;
  deadline: number;
  clock: () => Date;
  sleep: (ms: number) => Promise<void>;
}

export interface StreamRunResult {
  stream: ActivityStreamReport;
  items: ActivityReportItem[];
  gaps: ReportGap[];
}

/** Records per GetRecords call: a page of about five seconds of decryption on one core. */
const PAGE_LIMIT = 1000;
const PAUSE_MS = 200;

/**
 * Archives one activity stream: describes it, reads its state, plans (gaps, starts, parent order),
 * then reads its shards in parallel, each child once its parents are read to their end. A failure
 * of the stream as a whole is in its report entry; a shard's, in its shard's.
 */
export async function archiveStream(
  target: ActivityStreamTarget,
  context: StreamRunContext,
): Promise<StreamRunResult> {
  const report: ActivityStreamReport = {
    region: target.target.region,
    ...(target.kind === "cluster" ? { cluster: target.id } : {}),
    instance: target.id,
    engine: target.engine,
    resourceId: target.resourceId,
    streamName: target.streamName,
    retentionHours: 0,
    records: 0,
    events: 0,
    heartbeats: 0,
    kmsCalls: 0,
    millisBehindLatest: 0,
    stoppedEarly: false,
    shards: [],
  };
  const items: ActivityReportItem[] = [];
  const gaps: ReportGap[] = [];
  const toGap = (gap: PlannedGap): ReportGap => ({
    instance: target.id,
    logFile: gap.shardId === undefined ? `activity/${target.streamName}` : `activity/${gap.shardId}`,
    ...(gap.from === undefined ? {} : { from: gap.from }),
    ...(gap.to === undefined ? {} : { to: gap.to }),
    reason: gap.reason,
  });
  try {
    const { kinesis, store } = context;
    const summary = await kinesis.describeStream(target.streamName);
    report.retentionHours = summary.retentionHours;
    const stateKey = renderStateKey(context.prefix, {
      source: "activity",
      region: target.target.region,
      id: target.resourceId,
    });
    const state = await readState(store, stateKey, {
      parse: parseActivityState,
      render: renderActivityState,
    });
    const shards = await kinesis.listShards(target.streamName);
    const plan = planStreamRead(target.streamName, summary, shards, state, context.startedAt);
    gaps.push(...plan.gaps.map(toGap));
    if (context.dryRun) {
      report.shards = plan.shards.map((s) =>
        plannedReport(s, s.start === undefined ? "done" : s.waitsFor.length > 0 ? "waiting" : "planned"),
      );
      return { stream: report, items, gaps };
    }

    const place = { prefix: context.prefix, ...target.place };
    const streamTag = renderStreamTag(summary.createdAt);
    const checkpoints = createCheckpointWriter(
      store,
      stateKey,
      {
        region: target.target.region,
        streamName: target.streamName,
        streamCreatedAt: new Date(summary.createdAt).toISOString(),
        listedShards: shards.map((s) => s.shardId),
      },
      context.clock,
    );
    const dataKeys = createDataKeyCache(context.kms, {
      encryptionContext: target.encryptionContext,
      keyId: target.kmsKeyId,
    });
    const openRecord = async (record: StreamRecord) => {
      const envelope = parseActivityEnvelope(record.data);
      return context.decryptor.open(envelope.databaseActivityEvents, await dataKeys.get(envelope.key));
    };
    const shardContext = {
      streamName: target.streamName,
      streamTag,
      keyTemplate: context.keyTemplate,
      place,
      owner: {
        region: target.target.region,
        instance: target.id,
        ...(target.kind === "cluster" ? { cluster: target.id } : {}),
      },
      kinesis,
      store,
      openRecord,
      checkpoint: (shardId: string, checkpoint: Parameters<typeof checkpoints.save>[1]) =>
        checkpoints.save(shardId, checkpoint),
      findLastBatch: createArchivedBatchFinder(store, {
        keyTemplate: context.keyTemplate,
        place,
        streamTag,
        retentionHours: summary.retentionHours,
        now: context.startedAt.getTime(),
      }),
      deadline: context.deadline,
      now: () => context.clock().getTime(),
      sleep: context.sleep,
      pageLimit: PAGE_LIMIT,
      pauseMs: PAUSE_MS,
    };

    const closedShards = new Set(
      shards.filter((s) => s.endingSequenceNumber !== undefined).map((s) => s.shardId),
    );
    const results = new Map<string, ShardReadResult>();
    const waits = new Map(plan.shards.map((s) => [s.shardId, new Set(s.waitsFor)]));
    const running: Promise<void>[] = [];
    const start = (shard: PlannedShard) => {
      const { start: from } = shard;
      if (from === undefined) return;
      running.push(
        context.limitShards(async () => {
          const result = await readShard(
            shardContext,
            {
              shardId: shard.shardId,
              parentShardIds: shard.parentShardIds,
              closed: closedShards.has(shard.shardId),
            },
            from,
          );
          results.set(shard.shardId, result);
          if (result.report.outcome !== "closed") return;
          for (const child of plan.shards) {
            const wait = waits.get(child.shardId);
            if (wait?.delete(shard.shardId) && wait.size === 0) start(child);
          }
        }),
      );
    };
    for (const shard of plan.shards) if (shard.waitsFor.length === 0) start(shard);
    // Children start as their parents end, so wait until no new work appears.
    for (let awaited = 0; awaited < running.length; ) {
      const batch = running.slice(awaited);
      awaited = running.length;
      await Promise.all(batch);
    }
    await checkpoints.settle();

    report.kmsCalls = dataKeys.calls;
    const reported = new Set(plan.gaps.map((g) => g.shardId));
    for (const shard of plan.shards) {
      const result = results.get(shard.shardId);
      if (result === undefined) {
        report.shards.push(plannedReport(shard, shard.start === undefined ? "done" : "waiting"));
        continue;
      }
      report.shards.push(result.report);
      items.push(...result.items);
      gaps.push(...result.gaps.filter((g) => !reported.has(g.shardId)).map(toGap));
      report.records += result.report.records;
      report.events += result.report.events;
      report.heartbeats += result.report.heartbeats;
      report.millisBehindLatest = Math.max(report.millisBehindLatest, result.report.millisBehindLatest ?? 0);
      if (result.report.outcome === "stopped") report.stoppedEarly = true;
    }
  } catch (error) {
    report.error = toReportError(error);
  }
  return { stream: report, items, gaps };
}

function plannedReport(shard: PlannedShard, outcome: ActivityShardReport["outcome"]): ActivityShardReport {
  return {
    shardId: shard.shardId,
    parentShardIds: shard.parentShardIds,
    ...(shard.start === undefined ? {} : { from: shard.start.from }),
    outcome,
    records: 0,
    events: 0,
    heartbeats: 0,
  };
}
