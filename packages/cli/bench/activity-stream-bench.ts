/**
 * `npm run bench`, activity streams: how fast `rds-log-archive activity-stream` opens and
 * archives Database Activity Streams records on 1 core and on 2, printed, never asserted.
 *
 * Records are sealed as RDS seals them (a KMS data key from the emulator, the real Encryption SDK
 * with the signed suite 0x0378, gzip) and put on kinesalite before any timing. Then the built CLI
 * runs as its own process, pinned with `taskset` to core 0 ("1 core") or to cores 0 and 1
 * ("2 cores"), with the decrypt workers the engine starts by default for the cores it may use
 * (`os.availableParallelism()` follows the affinity mask), archiving every record into a fresh
 * folder. The stand-ins (kinesalite, the emulator's KMS and RDS) serve it from this process,
 * pinned to the CLI's cores in both setups. In production Kinesis and KMS are remote and take
 * nothing from the CLI; here the 2-core runs have no core to spare for them, so the 1-core runs
 * share theirs too, and the two figures pay the same about 2 CPU-s. (With the stand-ins on the
 * free core in the 1-core runs only, the 2-core runs alone paid for them: 1.67x instead of the
 * like-for-like figure.) Their CPU is printed beside the CLI's.
 *
 * The run is 20,000 records (`DAS_BENCH_RECORDS` sets it): a second core matters only to a run
 * long enough to need one, as a busy instance's is (at 100 records a second, 360,000 an hour),
 * while an idle one's heartbeats (one every 2 s or more often: 1,800 an hour) take one core a few
 * seconds. A run also pays a fixed start that a second core cannot share: discovery and the
 * first page before any record reaches a worker, and in each decrypt worker the loading of its
 * code and the V8 warm-up of the code a record runs (optimised only after some two thousand
 * records). On a 4,000-record run that start was a large share of the 2-core run's time.
 *
 * Each run prints: records and activity events a second over the CLI's own run (the report's
 * start to finish) and records over the process's life (node's start-up included); the CLI's exact
 * CPU-seconds (GNU time) per record, split by thread from /proc samples (the main thread, the
 * decrypt workers, the rest: GC and libuv's pool); how many cores it kept busy; the share of
 * the run the workers were idle (neither running nor waiting for a CPU: no work to do, as while
 * Kinesis answers); the stand-ins' CPU. Rounds alternate 1 core and 2; the median run of each is the figure, and the 2-core rate
 * over the 1-core rate is the scaling. KMS calls per 1,000 records come from the report.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { KMSClient } from "@aws-sdk/client-kms";
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
import {
  canPin,
  type PinnedRun,
  parallelismOn,
  pinSelf,
  runPinnedCli,
  type ThreadTime,
} from "./run-pinned-cli.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
process.env.AWS_ACCESS_KEY_ID = "test:tester";
process.env.AWS_SECRET_ACCESS_KEY = "testing";
process.env.AWS_REGION = "us-east-1";

const RECORDS = Number(process.env.DAS_BENCH_RECORDS ?? 20_000);
/** A new data key every this many records: the key repeats, as RDS's does. */
const KEY_REUSE = 500;
const ROUNDS = Number(process.env.DAS_BENCH_ROUNDS ?? 3);
/** The CLI's cores, which the stand-ins share. */
const SETUPS = [
  { label: "1 core", cpus: "0" },
  { label: "2 cores", cpus: "0,1" },
];
const KEY_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const RESOURCE_ID = "cluster-BENCH4HNY5V4RRNPKKYB7ICFK";
const STREAM = `aws-rds-das-${RESOURCE_ID}`;
const LABEL_WIDTH = 22;

if (availableParallelism() < 2 || !canPin()) {
  console.log("activity-stream bench: needs Linux with 2 cores, taskset and GNU time; skipped");
  process.exit(0);
}

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
  const workers = new Map(SETUPS.map((setup) => [setup.cpus, Math.min(8, parallelismOn(setup.cpus))]));
  console.log(
    `activity-stream bench: ${RECORDS} records (${statement} events, a data key every ${KEY_REUSE} records) made and put on the stream in ${((performance.now() - started) / 1000).toFixed(1)} s; load average ${load()}`,
  );
  for (const setup of SETUPS)
    console.log(
      `  ${setup.label}: the CLI pinned to cpu ${setup.cpus}, where os.availableParallelism() is ${workers.get(setup.cpus)}, so the engine starts ${workers.get(setup.cpus)} decrypt worker(s); the stand-ins on the same cores`,
    );
  console.log();

  const cliEnv = {
    AWS_ACCESS_KEY_ID: "test:tester",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_RDS: emulator.endpoint,
    AWS_ENDPOINT_URL_KMS: emulator.endpoint,
    AWS_ENDPOINT_URL_KINESIS: kinesis.endpoint,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  const results = new Map<string, Measured[]>();
  let kmsPerThousand = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    for (const setup of SETUPS) {
      const dir = path.join(work, `${setup.cpus}-r${round}`);
      const reportFile = path.join(work, `report-${setup.cpus}-r${round}.json`);
      pinSelf(setup.cpus);
      const standIns = process.cpuUsage();
      const run = await runPinnedCli(
        setup.cpus,
        [
          "activity-stream",
          "--cluster",
          "bench",
          "--region",
          "us-east-1",
          "--dest",
          dir,
          "--quiet",
          "--report",
          reportFile,
        ],
        cliEnv,
      );
      const standInUse = process.cpuUsage(standIns);
      pinSelf("0,1");
      const report = JSON.parse(await readFile(reportFile, "utf8")) as BenchReport;
      const totals = report.activity?.totals;
      if (totals?.records !== RECORDS || totals.failed > 0)
        throw new Error(`the run archived ${totals?.records} of ${RECORDS} records`);
      kmsPerThousand = ((report.activity?.streams[0]?.kmsCalls ?? 0) / RECORDS) * 1000;
      const measured = measure(
        run,
        report,
        workers.get(setup.cpus) ?? 1,
        (standInUse.user + standInUse.system) / 1e6,
      );
      results.set(setup.cpus, [...(results.get(setup.cpus) ?? []), measured]);
      console.log(render(`${setup.label}, round ${round}`, measured));
      await rm(dir, { recursive: true, force: true });
    }
  }

  console.log();
  const medians = SETUPS.map((setup) => {
    const runs = [...(results.get(setup.cpus) ?? [])].sort((a, b) => a.runSeconds - b.runSeconds);
    const m = runs[Math.floor(runs.length / 2)] as Measured;
    console.log(render(`median, ${setup.label}`, m));
    return m;
  });
  const [one, two] = medians as [Measured, Measured];
  console.log(
    `${"2 cores vs 1".padEnd(LABEL_WIDTH)} ${(one.runSeconds / two.runSeconds).toFixed(2)}x the records a second over the run (${(one.processSeconds / two.processSeconds).toFixed(2)}x over the process's life)`,
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

interface BenchReport {
  startedAt: string;
  finishedAt: string;
  activity?: {
    totals: { records: number; events: number; failed: number };
    streams: { kmsCalls: number }[];
  };
}

interface Measured {
  /** The engine's run, from the report. */
  runSeconds: number;
  /** Activity events archived, from the report. */
  events: number;
  processSeconds: number;
  /** CPU milliseconds per record: the process, its main thread, its decrypt workers, the rest. */
  cpuMs: number;
  mainMs: number;
  workersMs: number;
  restMs: number;
  /** Share of the run the decrypt workers neither ran nor waited for a CPU: they had no work. */
  workersIdle: number;
  standInSeconds: number;
}

function measure(run: PinnedRun, report: BenchReport, workers: number, standInSeconds: number): Measured {
  const perRecord = (seconds: number) => (seconds * 1000) / RECORDS;
  const sum = (times: ThreadTime[], of: keyof ThreadTime) => times.reduce((a, t) => a + t[of], 0);
  const busiest = run.others.slice(0, workers);
  const runSeconds = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  const idle = workers * runSeconds - sum(busiest, "running") - sum(busiest, "waiting");
  return {
    runSeconds,
    events: report.activity?.totals.events ?? 0,
    processSeconds: run.seconds,
    cpuMs: perRecord(run.cpuSeconds),
    mainMs: perRecord(run.main.running),
    workersMs: perRecord(sum(busiest, "running")),
    restMs: perRecord(sum(run.others.slice(workers), "running")),
    workersIdle: Math.max(0, idle) / (workers * runSeconds),
    standInSeconds,
  };
}

function render(label: string, m: Measured): string {
  return [
    `${label.padEnd(LABEL_WIDTH)} ${(RECORDS / m.runSeconds).toFixed(0)} records/s (${(m.events / m.runSeconds).toFixed(0)} events/s) over the run (${m.runSeconds.toFixed(2)} s),`,
    `${(RECORDS / m.processSeconds).toFixed(0)} over the process (${m.processSeconds.toFixed(2)} s);`,
    `CPU ${m.cpuMs.toFixed(2)} ms a record (main thread ${m.mainMs.toFixed(2)}, decrypt workers ${m.workersMs.toFixed(2)}, other threads ${m.restMs.toFixed(2)}),`,
    `${((m.cpuMs * RECORDS) / 1000 / m.processSeconds).toFixed(2)} cores busy, the workers idle ${(m.workersIdle * 100).toFixed(0)}% of the run;`,
    `stand-ins ${m.standInSeconds.toFixed(2)} CPU-s; load ${load()}`,
  ].join(" ");
}
