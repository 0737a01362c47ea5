#!/usr/bin/env node
// The command's entry. It exists before the build, so that npm links the bin in a fresh clone;
// the program itself is the ncc bundle, which the build writes to ../bundle.
//
// libuv's thread pool runs both the compressors (one job per file being compressed, a 1 MiB block
// at a time) and every asynchronous file-system call (open, write, fsync, link …). At its default
// of 4 threads, the default 4 files compressing held every thread, and a folder destination's
// writes and fsyncs queued behind them while the cores waited: on the bench's 2 MiB fleet into a
// folder, on a 2-core machine busy with other work, 16 threads took a run from ~7.5 s to ~4.7 s
// (on a quiet one, where the run is bound by CPU, it made no difference). libuv reads UV_THREADPOOL_SIZE
// once, when the pool starts, and loading an ES module starts it on Node 20: hence a CommonJS entry,
// which sets the size before it imports the bundle. A size the environment gives is kept.
//
// The program runs in a second node process, started with a larger initial old generation. V8
// begins a full mark-compact when its old generation, plus the Buffers allocated since the last
// one, nears a limit of about twice the live heap, and never less than the initial old-generation
// size. The AWS SDK makes the live heap 11-15 MB, and every byte archived passes through Buffers
// (socket reads, compression blocks): V8 marked the whole heap about 120 times per GiB archived,
// against about 10 times with a 64 MB floor. On a 2-core machine, archiving 1 GiB of 10 MiB files
// into a folder took 13.8-14.5 CPU-seconds with it, against 16.8-17.3 without, at the same peak
// RSS. V8 reads the size only when the process starts (v8.setFlagsFromString later changes
// nothing, and NODE_OPTIONS refuses the flag), hence the second process. A node started with
// flags of its own (a debugger, a profiler, a size of the user's) runs the program itself.
const { spawn } = require("node:child_process");

process.env.UV_THREADPOOL_SIZE ??= "16";
const HEAP_FLAG = "--initial-old-space-size=64";

if (process.execArgv.length > 0) {
  runProgram();
} else {
  runInChild();
}

function runProgram() {
  import("../bundle/index.js").catch((error) => {
    if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("bundle")) throw error;
    process.stderr.write("rds-log-archive is not built in this checkout: run `npm run build` first.\n");
    process.exitCode = 70;
  });
}

/** Runs the program in a child with `HEAP_FLAG`, relays signals to it, and exits as it exits. */
function runInChild() {
  const child = spawn(process.execPath, [HEAP_FLAG, __filename, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  // A terminal's Ctrl-C reaches both processes; a signal sent to this one alone (a scheduler's
  // SIGTERM) is passed on. Either way this process waits for the program to finish.
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"];
  const relay = (signal) => child.kill(signal);
  for (const signal of signals) process.on(signal, relay);
  child.on("error", (error) => {
    process.stderr.write(`rds-log-archive could not start node (${process.execPath}): ${error.message}\n`);
    process.exitCode = 70;
  });
  child.on("exit", (code, signal) => {
    for (const name of signals) process.off(name, relay);
    if (signal === null) {
      process.exitCode = code ?? 70;
      return;
    }
    // Die of the same signal, so that a shell or a scheduler sees what stopped the program.
    process.kill(process.pid, signal);
  });
}
