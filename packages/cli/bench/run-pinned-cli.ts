/**
 * For the activity-stream bench: runs the built CLI as its own process pinned to some cores
 * (`taskset -c`), and measures it from outside: wall time, its exact user+system CPU (GNU
 * `time`), and the CPU of each of its threads, sampled from `/proc/<pid>/task/<tid>/schedstat`
 * (nanoseconds on a CPU, and nanoseconds runnable but waiting for one) every few milliseconds. Linux only. Node names no thread, so the main
 * thread is the one whose id is the process id, and the others are told apart by how busy they
 * were: the decrypt workers are by far the busiest.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { CLI, PROGRAM_HEAP_FLAG } from "./run-cli.js";
import { spawnTimed } from "./spawn-timed.js";

const TASKSET = "/usr/bin/taskset";

/**
 * Between two samples of the threads' CPU: a thread that ends loses at most this much (the
 * workers end idle, once the last record is opened). Sampling costs this process CPU: keep it rare.
 */
const SAMPLE_MS = 50;

/** Seconds a thread ran, and seconds it was ready to run but waited for a CPU. */
export interface ThreadTime {
  running: number;
  waiting: number;
}

export interface PinnedRun {
  /** From spawn to exit, seconds. */
  seconds: number;
  /** User plus system CPU seconds of the whole process, exact. */
  cpuSeconds: number;
  /** The main thread, sampled. */
  main: ThreadTime;
  /** Every other thread, busiest first, sampled. */
  others: ThreadTime[];
  stdout: string;
}

/** Whether this machine can pin: Linux, taskset and GNU time present. */
export function canPin(): boolean {
  try {
    execFileSync(TASKSET, ["-p", String(process.pid)], { stdio: "ignore" });
    execFileSync("/usr/bin/time", ["-f", "%U", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Pins this process, every thread of it, to `cpus` (e.g. "1"; "0,1"). */
export function pinSelf(cpus: string): void {
  execFileSync(TASKSET, ["-a", "-p", "-c", cpus, String(process.pid)], { stdio: "ignore" });
}

/** `os.availableParallelism()` as a process pinned to `cpus` sees it. */
export function parallelismOn(cpus: string): number {
  return Number(
    execFileSync(TASKSET, ["-c", cpus, process.execPath, "-p", "require('node:os').availableParallelism()"], {
      encoding: "utf8",
    }).trim(),
  );
}

/** Runs `rds-log-archive …args` pinned to `cpus`; throws unless it exits 0. */
export async function runPinnedCli(
  cpus: string,
  args: string[],
  env: Record<string, string>,
): Promise<PinnedRun> {
  // time forks taskset, which becomes node (exec): the node process is time's one child. Started
  // with the heap flag the bin's launcher gives the program, node runs the program itself instead
  // of in a child of its own, so that the threads sampled are the program's.
  const child = spawnTimed(
    "cpu=%U+%S",
    [TASKSET, "-c", cpus, process.execPath, PROGRAM_HEAP_FLAG, CLI, ...args],
    env,
  );
  let done = false;
  const threads = new Map<string, ThreadTime>();
  const sampling = (async () => {
    let pid: string | undefined;
    while (!done) {
      pid ??= readProc(`/proc/${child.pid}/task/${child.pid}/children`)?.trim().split(" ")[0] || undefined;
      if (pid !== undefined) sampleThreads(pid, threads);
      await sleep(SAMPLE_MS);
    }
    return pid;
  })();
  const { code, seconds, stdout, stderr } = await child.exited;
  done = true;
  const pid = await sampling;
  if (code !== 0) throw new Error(`rds-log-archive ${args.join(" ")} exited ${code}:\n${stderr}`);
  const [, user = "0", system = "0"] = /cpu=([\d.]+)\+([\d.]+)/.exec(stderr) ?? [];
  const main = (pid === undefined ? undefined : threads.get(pid)) ?? { running: 0, waiting: 0 };
  const others = [...threads]
    .filter(([tid]) => tid !== pid)
    .map(([, time]) => time)
    .sort((a, b) => b.running - a.running);
  return { seconds, cpuSeconds: Number(user) + Number(system), main, others, stdout };
}

/** Records each thread's times so far (a thread that has ended keeps its last sample). */
function sampleThreads(pid: string, threads: Map<string, ThreadTime>): void {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return;
  }
  for (const tid of tids) {
    const [running, waiting] = (readProc(`/proc/${pid}/task/${tid}/schedstat`) ?? "").split(" ").map(Number);
    if (
      running !== undefined &&
      waiting !== undefined &&
      Number.isFinite(running) &&
      Number.isFinite(waiting)
    )
      threads.set(tid, { running: running / 1e9, waiting: waiting / 1e9 });
  }
}

/** A /proc file's text; undefined once the process or thread is gone. */
function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
