#!/usr/bin/env node
// The command's entry. It exists before the build, so that npm links the bin in a fresh clone;
// the program itself is the ncc bundle, which the build writes to ../bundle. It runs in a node
// started again with a larger initial heap, which on Node 22.15+ replaces this process
// (launch-with-heap-floor.cjs says why and how).
//
// libuv's thread pool runs both the compressors (one job per file being compressed, a 1 MiB block
// at a time) and every asynchronous file-system call (open, write, fsync, link …). At its default
// of 4 threads, the default 4 files compressing held every thread, and a folder destination's
// writes and fsyncs queued behind them while the cores waited: on the bench's 2 MiB fleet into a
// folder, on a 2-core machine busy with other work, 16 threads took a run from ~7.5 s to ~4.7 s
// (on a quiet one, where the run is bound by CPU, it made no difference). libuv reads UV_THREADPOOL_SIZE
// once, when the pool starts, and loading an ES module starts it on Node 20: hence a CommonJS entry,
// which sets the size before it imports the bundle. A size the environment gives is kept.
const { launchWithHeapFloor } = require("./launch-with-heap-floor.cjs");

process.env.UV_THREADPOOL_SIZE ??= "16";
launchWithHeapFloor(__filename, () =>
  import("../bundle/index.js").catch((error) => {
    if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("bundle")) throw error;
    process.stderr.write("rds-log-archive is not built in this checkout: run `npm run build` first.\n");
    process.exitCode = 70;
  }),
);
