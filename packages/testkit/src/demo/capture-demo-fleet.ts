/**
 * Regenerates `fleets/demo/` from real engines: PostgreSQL 15 + pgaudit for an Aurora
 * PostgreSQL cluster and a standalone instance, MariaDB + server_audit with size rotation.
 * Run it by hand (`node packages/testkit/dist/demo/capture-demo-fleet.js`) after changing the
 * engine helpers; the demo itself only replays the captured files.
 */
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FleetSpec } from "../emulator/fleet.js";
import type { FleetLogFile } from "../engines/engine-process.js";
import { writeServerAuditLogs } from "../engines/run-mariadb-audit.js";
import { writePgauditLogs } from "../engines/run-postgres-pgaudit.js";
import { writeFleet } from "../fleet/write-fleet.js";
import { DEMO_FLEET_SOURCE, LAST_WRITTEN_MANIFEST } from "./demo-fleet.js";

const ENDING_AT = new Date("2026-11-20T12:00:00Z");

const fleet: Partial<FleetSpec> = {
  clusters: [
    {
      id: "orders",
      engine: "aurora-postgresql",
      members: ["orders-writer", "orders-reader"],
      tags: { team: "payments" },
    },
    { id: "graph", engine: "neptune", members: ["graph-1"] },
  ],
  instances: [
    { id: "orders-writer", engine: "aurora-postgresql", cluster: "orders" },
    { id: "orders-reader", engine: "aurora-postgresql", cluster: "orders" },
    { id: "billing-pg", engine: "postgres", tags: { env: "prod" } },
    { id: "shop-mariadb", engine: "mariadb" },
    { id: "graph-1", engine: "neptune", cluster: "graph" },
  ],
  events: [],
};

await rm(DEMO_FLEET_SOURCE, { recursive: true, force: true });
await writeFleet(fleet, {}, DEMO_FLEET_SOURCE);
const files: FleetLogFile[] = [];
const fleetDir = DEMO_FLEET_SOURCE;
for (const instanceId of ["orders-writer", "orders-reader"]) {
  files.push(...(await writePgauditLogs({ fleetDir, instanceId, hours: 3, endingAt: ENDING_AT })).files);
}
files.push(
  ...(await writePgauditLogs({ fleetDir, instanceId: "billing-pg", hours: 4, endingAt: ENDING_AT })).files,
);
files.push(
  ...(await writeServerAuditLogs({ fleetDir, instanceId: "shop-mariadb", rotations: 3, endingAt: ENDING_AT }))
    .files,
);
const manifest = Object.fromEntries(
  files
    .map(
      (f) =>
        [path.relative(fleetDir, f.path).split(path.sep).join("/"), f.lastWritten.toISOString()] as const,
    )
    .sort(([a], [b]) => (a < b ? -1 : 1)),
);
await writeFile(path.join(fleetDir, LAST_WRITTEN_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
process.stdout.write(`captured ${files.length} log files into ${fleetDir}\n`);
