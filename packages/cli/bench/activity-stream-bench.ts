/**
 * `npm run bench`, activity streams: how fast `activity-stream` opens and archives DAS records on
 * this machine, printed, never asserted. Records are sealed as RDS seals them (KMS data key on the
 * emulator, real Encryption SDK with the signed suite 0x0378, gzip), put on kinesalite, and
 * archived into a fresh folder by the engine with 0 (all on the main thread), 1 and 2 decrypt
 * worker threads, in interleaved rounds; the median of each is the figure. Beside the rates: the
 * CPU the process used per second of wall time (how many cores were busy), the main thread's
 * event-loop utilisation, the load average, and KMS calls per 1,000 records.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { KMSClient } from "@aws-sdk/client-kms";
import { archiveActivityStream, createDirObjectStore, parseConfig } from "@rds-log-archive/core";
import {
  buildDasActivityEvent,
  buildDasHeartbeat,
  createDasProducer,
  createTestStream,
  DAS_SAMPLE_SQL,
  putTestRecords,
  startEmulator,
  startKinesalite,
} from "@rds-log-archive/testkit";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
process.env.AWS_ACCESS_KEY_ID = "test:tester";
process.env.AWS_SECRET_ACCESS_KEY = "testing";
process.env.AWS_REGION = "us-east-1";

const RECORDS = Number(process.env.DAS_BENCH_RECORDS ?? 2000);
/** A new data key every this many records: the key repeats, as RDS's does. */
const KEY_REUSE = 500;
const ROUNDS = 3;
const WORKERS = [0, 1, 2];
const KEY_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const RESOURCE_ID = "cluster-BENCH4HNY5V4RRNPKKYB7ICFK";
const STREAM = `aws-rds-das-${RESOURCE_ID}`;
const LABEL_WIDTH = 30;

const emulator = await startEmulator({
  fleet: {
    kmsKeys: [{ id: KEY_ID, aliases: ["alias/das"] }],
    clusters: [
      {
        id: "bench",
        engine: "aurora-postgresql",
        members: ["bench-1"],
        resourceId: RESOURCE_ID,
        activityStream: { status: "started", kmsKeyId: "alias/das" },
      },
    ],
    instances: [{ id: "bench-1", engine: "aurora-postgresql", cluster: "bench" }],
  },
});
const kinesis = await startKinesalite();
process.env.AWS_ENDPOINT_URL_RDS = emulator.endpoint;
process.env.AWS_ENDPOINT_URL_KMS = emulator.endpoint;
process.env.AWS_ENDPOINT_URL_KINESIS = kinesis.endpoint;
const work = await mkdtemp(path.join(tmpdir(), "das-bench-"));

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

try {
  const started = performance.now();
  const kms = new KMSClient({ region: "us-east-1", endpoint: emulator.endpoint });
  const producer = createDasProducer({
    kms,
    kmsKeyId: "alias/das",
    engine: "aurora-postgresql",
    instanceResourceId: "db-BENCHONEFZJTMYKCXQBUUZ6V",
    clusterResourceId: RESOURCE_ID,
    rotateEvery: KEY_REUSE,
  });
  const data: Buffer[] = [];
  let statement = 0;
  for (let i = 0; i < RECORDS; i++) {
    const at = new Date();
    // One record in ten is a heartbeat alone; the rest carry three statements, as a busy cluster's do.
    const events =
      i % 10 === 0
        ? [buildDasHeartbeat("aurora-postgresql", at)]
        : Array.from({ length: 3 }, () => {
            statement += 1;
            return buildDasActivityEvent("aurora-postgresql", {
              commandText: DAS_SAMPLE_SQL[statement % DAS_SAMPLE_SQL.length] as string,
              at,
              statementId: statement,
            });
          });
    data.push(await producer.record(events));
  }
  kms.destroy();
  const client = kinesis.client();
  await createTestStream(client, STREAM, 1);
  await putTestRecords(
    client,
    STREAM,
    data.map((d, i) => ({ data: d, partitionKey: `p${i}` })),
  );
  client.destroy();
  console.log(
    `activity-stream bench: ${RECORDS} records (${statement} events, a data key every ${KEY_REUSE} records) made in ${((performance.now() - started) / 1000).toFixed(1)} s; ${availableParallelism()} cores; load average ${load()}\n`,
  );

  const results = new Map<number, { seconds: number; cores: number; mainBusy: number }[]>();
  let kmsPerThousand = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    for (const workers of WORKERS) {
      const dir = path.join(work, `w${workers}-r${round}`);
      const parsed = parseConfig(
        { targets: [{ region: "us-east-1", clusters: ["bench"] }], destination: { dir } },
        new Date(),
      );
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      emulator.requests.clear();
      const cpu = process.cpuUsage();
      const elu = performance.eventLoopUtilization();
      const t0 = performance.now();
      const report = await archiveActivityStream(parsed.config, {
        store: createDirObjectStore({ dir, prefix: "" }),
        decryptWorkers: workers,
      });
      const seconds = (performance.now() - t0) / 1000;
      const used = process.cpuUsage(cpu);
      const totals = report.activity?.totals;
      if (totals?.records !== RECORDS || totals.failed > 0)
        throw new Error(`the run archived ${totals?.records} of ${RECORDS} records`);
      const run = {
        seconds,
        cores: (used.user + used.system) / 1e6 / seconds,
        mainBusy: performance.eventLoopUtilization(elu).utilization,
      };
      results.set(workers, [...(results.get(workers) ?? []), run]);
      kmsPerThousand = ((emulator.requests.counts().Decrypt ?? 0) / RECORDS) * 1000;
      console.log(
        `${`${workers} worker${workers === 1 ? "" : "s"}, round ${round}`.padEnd(LABEL_WIDTH)} ${(RECORDS / seconds).toFixed(0)} records/s, ${(statement / seconds).toFixed(0)} events/s in ${seconds.toFixed(2)} s; ${run.cores.toFixed(2)} cores busy, main thread ${(run.mainBusy * 100).toFixed(0)}% busy; load ${load()}`,
      );
      await rm(dir, { recursive: true, force: true });
    }
  }
  const median = (workers: number) => {
    const runs = [...(results.get(workers) ?? [])].sort((a, b) => a.seconds - b.seconds);
    return runs[Math.floor(runs.length / 2)] ?? { seconds: Number.NaN, cores: 0, mainBusy: 0 };
  };
  console.log();
  for (const workers of WORKERS) {
    const m = median(workers);
    console.log(
      `${`median, ${workers} worker${workers === 1 ? "" : "s"}`.padEnd(LABEL_WIDTH)} ${(RECORDS / m.seconds).toFixed(0)} records/s, ${(statement / m.seconds).toFixed(0)} events/s, ${((m.seconds * 1000) / RECORDS).toFixed(2)} ms a record; ${m.cores.toFixed(2)} cores busy, main thread ${(m.mainBusy * 100).toFixed(0)}% busy`,
    );
  }
  const one = median(1);
  const two = median(2);
  console.log(
    `${"2 workers vs 1".padEnd(LABEL_WIDTH)} ${(one.seconds / two.seconds).toFixed(2)}x the records a second`,
  );
  console.log(
    `${"KMS Decrypt calls".padEnd(LABEL_WIDTH)} ${kmsPerThousand.toFixed(1)} per 1,000 records (one per data key per run)`,
  );
  console.log(`${"load average at the end".padEnd(LABEL_WIDTH)} ${load()}`);
} finally {
  await kinesis.stop();
  await emulator.close();
  await rm(work, { recursive: true, force: true });
}
