#!/usr/bin/env node
// The emulator's command. It exists before the build, so that npm links the bin in a fresh clone;
// the program is the compiled emulator-cli, which the build writes to ../dist.
try {
  await import("../dist/emulator/emulator-cli.js");
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("emulator-cli")) throw error;
  process.stderr.write(
    "rds-log-archive-emulator is not built in this checkout: run `npm run build` first.\n",
  );
  process.exitCode = 70;
}
