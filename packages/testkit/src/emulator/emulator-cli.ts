#!/usr/bin/env node
/**
 * `rds-log-archive-emulator --fleet DIR [--port N] [--region R]`: the RDS emulator as a process,
 * with STS roles and OIDC providers from a JSON file (`--sts FILE`, the shape of `StsOptions`), KMS
 * (the fleet's `kmsKeys`) on the same endpoint, and fault knobs from another file (`--faults FILE`,
 * the shape of `FaultKnobs`, such as `{"rateLimit": {}}`).
 * Prints `endpoint: http://127.0.0.1:PORT` once it listens, and stops on SIGINT or SIGTERM.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type FaultKnobs, readFaultKnobs } from "./faults.js";
import { DEFAULT_CREDENTIAL, startEmulator } from "./start-emulator.js";
import { parseStsOptions, type StsOptions } from "./sts-options.js";

const USAGE = `usage: rds-log-archive-emulator --fleet DIR [--port N] [--region R]
                                [--access-key-id ID] [--secret-access-key SECRET] [--session-token TOKEN]
                                [--page-size N] [--sts FILE] [--faults FILE]`;

async function main(): Promise<number> {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse().values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.fleet === undefined) {
    process.stderr.write(`--fleet is required: a folder with fleet.json and instances/<id>/\n${USAGE}\n`);
    return 2;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  const pageSize = values["page-size"] === undefined ? undefined : Number(values["page-size"]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a port number, got ${values.port}\n`);
    return 2;
  }
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize > 0)) {
    process.stderr.write(`--page-size must be a positive whole number, got ${values["page-size"]}\n`);
    return 2;
  }
  let sts: StsOptions = {};
  if (values.sts !== undefined) {
    try {
      sts = parseStsOptions(JSON.parse(await readFile(values.sts, "utf8")), values.sts);
    } catch (error) {
      process.stderr.write(`--sts: ${(error as Error).message}\n`);
      return 2;
    }
  }
  let faults: FaultKnobs = {};
  if (values.faults !== undefined) {
    try {
      faults = readFaultKnobs(JSON.parse(await readFile(values.faults, "utf8")));
    } catch (error) {
      process.stderr.write(`--faults: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const credential = {
    accessKeyId: values["access-key-id"] ?? DEFAULT_CREDENTIAL.accessKeyId,
    secretAccessKey: values["secret-access-key"] ?? DEFAULT_CREDENTIAL.secretAccessKey,
    ...(values["session-token"] === undefined ? {} : { sessionToken: values["session-token"] }),
  };
  const emulator = await startEmulator({
    fleetDir: values.fleet,
    port,
    region: values.region ?? "us-east-1",
    credentials: [credential],
    sts,
    faults,
    ...(pageSize === undefined ? {} : { pageSize }),
  });
  process.stdout.write(`endpoint: ${emulator.endpoint}\nregion: ${emulator.region}\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await emulator.close();
  return 0;
}

function parse() {
  return parseArgs({
    options: {
      fleet: { type: "string" },
      port: { type: "string" },
      region: { type: "string" },
      "access-key-id": { type: "string" },
      "secret-access-key": { type: "string" },
      "session-token": { type: "string" },
      "page-size": { type: "string" },
      sts: { type: "string" },
      faults: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`rds-log-archive-emulator: ${error.message}\n`);
    process.exit(1);
  },
);
