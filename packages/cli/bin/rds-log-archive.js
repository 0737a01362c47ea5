#!/usr/bin/env node
// The command's entry. It exists before the build, so that npm links the bin in a fresh clone;
// the program itself is the ncc bundle, which the build writes to ../bundle.
try {
  await import("../bundle/index.js");
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("bundle")) throw error;
  process.stderr.write("rds-log-archive is not built in this checkout: run `npm run build` first.\n");
  process.exitCode = 70;
}
