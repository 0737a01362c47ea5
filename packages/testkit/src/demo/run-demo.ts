/**
 * `npm run demo`: the main job on the embedded default. Starts the RDS emulator on the sample
 * fleet (logs from real PostgreSQL + pgaudit and MariaDB + server_audit), then runs the real
 * `rds-log-archive sync` into ./demo-archive twice: the first run archives every settled file,
 * the second shows that nothing is archived twice. Only AWS_* variables point the CLI here.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { DEFAULT_CREDENTIAL, startEmulator } from "../emulator/start-emulator.js";
import { materializeDemoFleet } from "./demo-fleet.js";

// testkit cannot depend on the CLI package (the CLI's tests depend on testkit), so run its build.
const CLI = fileURLToPath(new URL("../../../cli/bundle/index.js", import.meta.url));
const ARCHIVE = path.resolve("demo-archive");

const fleetDir = await materializeDemoFleet();
const emulator = await startEmulator({ fleetDir, region: "us-east-1" });
try {
  await rm(ARCHIVE, { recursive: true, force: true });
  const env = {
    PATH: process.env.PATH ?? "",
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL_RDS: emulator.endpoint,
    AWS_ACCESS_KEY_ID: DEFAULT_CREDENTIAL.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEFAULT_CREDENTIAL.secretAccessKey,
  };
  // Asynchronous on purpose: the emulator answers from this very process while the CLI runs.
  const sync = async () => {
    const child = spawn(process.execPath, [CLI, "sync", "--all", "--dest", ARCHIVE], {
      env,
      stdio: "inherit",
    });
    const [code] = (await once(child, "exit")) as [number | null];
    return code ?? 1;
  };
  console.log(`RDS emulator at ${emulator.endpoint}, serving the sample fleet from ${fleetDir}\n`);
  console.log(`$ rds-log-archive sync --all --dest ${path.relative(process.cwd(), ARCHIVE)}`);
  const first = await sync();
  console.log(
    `\n$ rds-log-archive sync --all --dest ${path.relative(process.cwd(), ARCHIVE)}   # again: nothing new`,
  );
  const second = await sync();

  const objects = (await readdir(ARCHIVE, { recursive: true })).filter((f) => f.endsWith(".gz")).sort();
  const audit = objects.find((f) => f.includes("orders-writer") && f.includes("2026-11-20-10"));
  console.log(
    `\n${objects.length} objects in ${ARCHIVE}, for example\n  ${objects.slice(0, 3).join("\n  ")}`,
  );
  if (audit) {
    const text = gunzipSync(await readFile(path.join(ARCHIVE, audit))).toString("utf8");
    const line = text.split("\n").find((l) => l.includes("山田太郎"));
    if (line) console.log(`\nzcat ${audit} | grep 山田太郎\n  ${line.slice(0, 160)}`);
  }
  process.exitCode = first || second;
} finally {
  await emulator.close();
  await rm(fleetDir, { recursive: true, force: true });
}
