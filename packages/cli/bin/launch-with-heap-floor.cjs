// Starts a program in a node process whose V8 heap starts with a 64 MB old generation: the CLI's
// bin and the GitHub Action's entry both start this way.
//
// V8 begins a full mark-compact when its old generation, plus the Buffers allocated since the last
// one, nears a limit of about twice the live heap, and never less than the initial old-generation
// size. The AWS SDK makes the live heap 11-15 MB, and every byte archived passes through Buffers
// (socket reads, compression blocks). On Node 20, V8 marked the whole heap about 120 times per GiB
// archived, against about 20 times with a 64 MB floor: archiving 1 GiB of 10 MiB files into a
// folder on a 2-core machine took 13.8-15.8 CPU-seconds with it, against 16.8-18.2 without, for
// 3-6 MiB more peak RSS. On Node 24 a copy of the pipeline went from about 135 to 80 collections
// and 15.8 to 14.3 CPU-seconds. V8 reads the size only when the process starts
// (v8.setFlagsFromString later changes nothing, and NODE_OPTIONS refuses the flag), hence a
// second start of node.
const { spawn } = require("node:child_process");

const HEAP_FLAG = "--initial-old-space-size=64";
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Runs `runProgram` here when this node was started with flags (the program's node, or a user's
 * debugger, profiler or heap size, which stay in charge). Otherwise starts `entryFile` again in a
 * node with HEAP_FLAG, with the same arguments, environment and standard streams.
 */
function launchWithHeapFloor(entryFile, runProgram) {
  if (process.execArgv.length > 0) {
    runProgram();
    return;
  }
  const args = [HEAP_FLAG, entryFile, ...process.argv.slice(2)];
  // Node 22.15 and later replace this process with the program (execve; not on Windows): one
  // process, whose signals and exit status are the program's own.
  if (typeof process.execve === "function" && process.platform !== "win32") {
    process.execve(process.execPath, [process.execPath, ...args]);
    return;
  }
  runInChild(args);
}

/** Runs node with `args` in a child, relays signals to it, and exits as it exits. */
function runInChild(args) {
  const child = spawn(process.execPath, args, { stdio: "inherit" });
  // A terminal's Ctrl-C reaches both processes; a signal sent to this one alone (a scheduler's
  // SIGTERM, a cancelled workflow's SIGINT) is passed on. Either way this process waits for the
  // program to finish.
  const relay = (signal) => child.kill(signal);
  for (const signal of SIGNALS) process.on(signal, relay);
  child.on("error", (error) => {
    process.stderr.write(`could not start node (${process.execPath}): ${error.message}\n`);
    process.exitCode = 70;
  });
  child.on("exit", (code, signal) => {
    for (const name of SIGNALS) process.off(name, relay);
    if (signal === null) {
      process.exitCode = code ?? 70;
      return;
    }
    // Die of the same signal, so that a shell or a scheduler sees what stopped the program.
    process.kill(process.pid, signal);
  });
}

module.exports = { HEAP_FLAG, launchWithHeapFloor };
