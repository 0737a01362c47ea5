/**
 * `npm run demo`: starts the RDS emulator on the sample fleet (logs from real PostgreSQL +
 * pgaudit and MariaDB + server_audit) and lists it with the AWS SDK, pointed at the emulator only
 * by `AWS_ENDPOINT_URL_RDS` and the default credential chain. Once the engine lands, the demo
 * runs `rds-log-archive sync` on this fleet instead.
 */
import { rm } from "node:fs/promises";
import { paginateDescribeDBInstances, paginateDescribeDBLogFiles, RDSClient } from "@aws-sdk/client-rds";
import { DEFAULT_CREDENTIAL, startEmulator } from "../emulator/start-emulator.js";
import { materializeDemoFleet } from "./demo-fleet.js";

const REGION = "us-east-1";

const fleetDir = await materializeDemoFleet();
const emulator = await startEmulator({ fleetDir, region: REGION });
try {
  process.env.AWS_ENDPOINT_URL_RDS = emulator.endpoint;
  process.env.AWS_ACCESS_KEY_ID = DEFAULT_CREDENTIAL.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = DEFAULT_CREDENTIAL.secretAccessKey;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  console.log(`RDS emulator: ${emulator.endpoint} (fleet copied to ${fleetDir})\n`);

  const rds = new RDSClient({ region: REGION });
  const rows = [["instance", "cluster", "engine", "log files", "bytes", "newest LastWritten"]];
  let skipped = 0;
  for await (const page of paginateDescribeDBInstances({ client: rds }, {})) {
    for (const instance of page.DBInstances ?? []) {
      const id = instance.DBInstanceIdentifier ?? "";
      if (instance.Engine === "neptune" || instance.Engine === "docdb") {
        skipped++;
        continue;
      }
      const files = [];
      for await (const filesPage of paginateDescribeDBLogFiles(
        { client: rds },
        { DBInstanceIdentifier: id },
      )) {
        files.push(...(filesPage.DescribeDBLogFiles ?? []));
      }
      const newest = Math.max(...files.map((f) => f.LastWritten ?? 0));
      rows.push([
        id,
        instance.DBClusterIdentifier ?? "-",
        instance.Engine ?? "?",
        String(files.length),
        String(files.reduce((sum, f) => sum + (f.Size ?? 0), 0)),
        files.length === 0 ? "-" : new Date(newest).toISOString(),
      ]);
    }
  }
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  "));
  const requests = emulator.requests.counts();
  console.log(
    `\n${rows.length - 1} instances, ${skipped} Neptune/DocumentDB skipped; API calls: ${JSON.stringify(requests)}`,
  );
  console.log(
    "Archiving these files (`rds-log-archive sync`) arrives with the engine; this demo will then run it.",
  );
} finally {
  await emulator.close();
  await rm(fleetDir, { recursive: true, force: true });
}
