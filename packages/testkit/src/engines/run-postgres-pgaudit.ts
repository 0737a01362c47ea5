/**
 * Runs a real PostgreSQL 15 with pgaudit in a temp dir, drives SQL through psql, and lays the
 * logs it wrote out as an RDS PostgreSQL instance's hourly `error/postgresql.log.YYYY-MM-DD-HH`
 * files in a fleet folder.
 */
import { existsSync } from "node:fs";
import { appendFile, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { findFreePort } from "../services/free-port.js";
import { serviceAvailability } from "../services/require-service.js";
import {
  asServiceUser,
  createEngineDir,
  type EngineLogs,
  EngineRunError,
  placeLogFile,
  runCommand,
  startOfUtcHour,
  waitUntil,
} from "./engine-process.js";

const PG_BIN = "/usr/lib/postgresql/15/bin";
const PSQL = "/usr/bin/psql";
const PGAUDIT_LIBRARY = "/usr/lib/postgresql/15/lib/pgaudit.so";
const HOUR_MS = 3_600_000;

/** Whether PostgreSQL 15, psql and pgaudit are installed (under CI=true a missing one throws). */
export function pgauditAvailability(): { available: boolean; reason: string } {
  return serviceAvailability("PostgreSQL 15 + pgaudit", [
    `${PG_BIN}/initdb`,
    `${PG_BIN}/pg_ctl`,
    `${PG_BIN}/postgres`,
    PSQL,
    PGAUDIT_LIBRARY,
  ]);
}

export interface PgauditLogsOptions {
  fleetDir: string;
  instanceId: string;
  /** How many hourly files to produce (default 3). */
  hours?: number;
  /**
   * The hour boundary the newest file ends at (default: the start of the current UTC hour).
   * A time inside an hour is rounded down to the hour.
   */
  endingAt?: Date;
}

/**
 * Runs a real PostgreSQL 15 + pgaudit, drives SQL (Japanese text, multi-line statements, an
 * error) and writes `FLEETDIR/instances/<id>/error/postgresql.log.YYYY-MM-DD-HH` for `hours`
 * consecutive UTC hours ending at `endingAt`, each with its mtime one second before its hour ends.
 * The server is stopped and its temp dir removed before this returns, also on failure.
 */
export async function writePgauditLogs(options: PgauditLogsOptions): Promise<EngineLogs> {
  const hours = options.hours ?? 3;
  if (!Number.isInteger(hours) || hours < 1)
    throw new RangeError(`hours must be a positive integer, got ${hours}`);
  const endingAt = startOfUtcHour(options.endingAt ?? new Date());
  const dir = await createEngineDir("rds-pgaudit-", "postgres", ["log"]);
  try {
    await configureCluster(dir);
    try {
      const port = await startOnFreePort(dir);
      for (let part = 0; part < hours; part += 1) {
        if (part > 0) await switchLogFile(dir, part);
        await runPsql(port, sessionSql(part));
        const failed = await runPsql(port, "SELECT 1/0;", true);
        if (failed.code === 0) throw new Error("SELECT 1/0 was expected to fail in psql");
      }
    } finally {
      await stopCluster(dir);
    }
    return { files: await layOutHourlyFiles(dir, hours, endingAt, options), engineDir: dir };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Starts the server on a port found free, and on another one if it fails: findFreePort closes its
 * probe, so another suite on the same machine can take the port before the server binds it (seen
 * with two `npm test` runs side by side). The last failure carries the server's own log.
 */
async function startOnFreePort(dir: string): Promise<number> {
  const log = path.join(dir, "pg_ctl.log");
  for (let attempt = 1; ; attempt += 1) {
    const port = await findFreePort();
    await writeFile(path.join(dir, "data", "port.conf"), `port = ${port}\n`);
    try {
      await pgCtl(dir, ["start", "-w", "-l", log]);
      return port;
    } catch (error) {
      if (attempt >= 3) {
        const serverLog = await readFile(log, "utf8").catch(() => "");
        throw new Error(
          `${(error as Error).message}\n${serverLog.trim().split("\n").slice(-20).join("\n")}`,
          {
            cause: error,
          },
        );
      }
    }
  }
}

async function configureCluster(dir: string): Promise<void> {
  const data = path.join(dir, "data");
  await runCommand(
    asServiceUser("postgres", [
      `${PG_BIN}/initdb`,
      "-D",
      data,
      "-U",
      "postgres",
      "--auth=trust",
      "-E",
      "UTF8",
      "--locale=C.UTF-8",
    ]),
    { cwd: dir },
  );
  await appendFile(
    path.join(data, "postgresql.conf"),
    [
      "",
      "listen_addresses = '127.0.0.1'",
      "include = 'port.conf'",
      `unix_socket_directories = '${dir}'`,
      "shared_preload_libraries = 'pgaudit'",
      "pgaudit.log = 'all'",
      "pgaudit.log_parameter = on",
      "logging_collector = on",
      "log_destination = 'stderr'",
      `log_directory = '${path.join(dir, "log")}'`,
      // Rotation is driven by switchLogFile, never by the clock, so a run near an hour boundary
      // produces the same files as any other.
      "log_rotation_age = 0",
      "log_rotation_size = 0",
      "log_line_prefix = '%t:%r:%u@%d:[%p]:'",
      "log_connections = on",
      "log_disconnections = on",
      "log_timezone = 'UTC'",
      "include = 'log-file.conf'",
      "",
    ].join("\n"),
  );
  await writeLogFileConf(dir, 0);
}

/** `log_filename` lives in its own included file so each part can be switched with a reload. */
async function writeLogFileConf(dir: string, part: number): Promise<void> {
  await writeFile(path.join(dir, "data", "log-file.conf"), `log_filename = '${partFileName(part)}'\n`);
}

const partFileName = (part: number) => `part-${String(part).padStart(3, "0")}.log`;

/**
 * Starts the next log file. The syslogger rotates by itself when a reload changes
 * `log_filename`, so this needs neither `pg_rotate_logfile()` (which pgaudit would log) nor
 * waiting a second between files as a `%H%M%S` name would.
 */
async function switchLogFile(dir: string, part: number): Promise<void> {
  await writeLogFileConf(dir, part);
  await pgCtl(dir, ["reload"]);
  const next = path.join(dir, "log", partFileName(part));
  await waitUntil(`PostgreSQL to open ${next}`, async () => existsSync(next));
}

async function pgCtl(dir: string, args: readonly string[]) {
  return runCommand(asServiceUser("postgres", [`${PG_BIN}/pg_ctl`, "-D", path.join(dir, "data"), ...args]), {
    cwd: dir,
  });
}

/** Stops the server if it runs; throws only when it is still running afterwards. */
async function stopCluster(dir: string): Promise<void> {
  const pidFile = path.join(dir, "data", "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const stop = await runCommand(
    asServiceUser("postgres", [`${PG_BIN}/pg_ctl`, "-D", path.join(dir, "data"), "-m", "fast", "-w", "stop"]),
    { cwd: dir, allowFailure: true },
  );
  if (existsSync(pidFile)) {
    throw new EngineRunError(
      "EngineCommandFailed",
      `PostgreSQL in ${dir} did not stop: ${stop.stderr.trim()}`,
      `stop it with pg_ctl -D ${dir}/data -m immediate stop`,
    );
  }
}

async function runPsql(port: number, sql: string, allowFailure = false) {
  const args = [PSQL, "-X", "-q", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres"];
  return runCommand([...args, "-v", "ON_ERROR_STOP=1", "-f", "-"], {
    input: sql,
    allowFailure,
    env: { PGCLIENTENCODING: "UTF8", PGAPPNAME: "rds-log-archive-testkit", PGCONNECT_TIMEOUT: "10" },
  });
}

/** One psql session per hourly file: Japanese text, a multi-line statement, some volume. */
function sessionSql(part: number): string {
  const setup =
    part === 0
      ? [
          "CREATE EXTENSION IF NOT EXISTS pgaudit;",
          "CREATE TABLE customers (id serial PRIMARY KEY, name text, note text);",
          "CREATE ROLE auditor NOLOGIN;",
        ]
      : [];
  const inserts = Array.from(
    { length: 20 },
    (_, row) =>
      `INSERT INTO customers (name, note) VALUES ('山田太郎 ${part}-${row}', 'ログ出力テスト — 日本語 ${row}');`,
  );
  return [
    ...setup,
    ...inserts,
    "SELECT * FROM customers WHERE name LIKE '山田太郎%' ORDER BY id LIMIT 3;",
    `UPDATE customers SET note = '更新済み ${part}' WHERE id = ${part + 1};`,
    "SELECT name,\n       note\nFROM customers\nWHERE id = 1;",
    "",
  ].join("\n");
}

/**
 * PostgreSQL wrote the parts seconds apart; RDS names its files by the hour they cover. So part
 * i becomes the file of the i-th of `hours` consecutive hours ending at `endingAt`, and gets an
 * mtime just before that hour ends, as a finished RDS hourly file has. The bytes stay exactly as
 * PostgreSQL wrote them, timestamps included: the archiver copies files, it does not read dates.
 */
async function layOutHourlyFiles(dir: string, hours: number, endingAt: Date, target: PgauditLogsOptions) {
  const written = (await readdir(path.join(dir, "log"))).sort();
  if (written.length !== hours) {
    throw new EngineRunError(
      "EngineCommandFailed",
      `expected ${hours} PostgreSQL log files, found ${written.join(", ") || "none"}`,
      `see ${path.join(dir, "pg_ctl.log")}`,
    );
  }
  const files = [];
  for (const [part, file] of written.entries()) {
    const hourStart = new Date(endingAt.getTime() - (hours - part) * HOUR_MS);
    const iso = hourStart.toISOString();
    files.push(
      await placeLogFile(path.join(dir, "log", file), {
        fleetDir: target.fleetDir,
        instanceId: target.instanceId,
        name: `error/postgresql.log.${iso.slice(0, 10)}-${iso.slice(11, 13)}`,
        lastWritten: new Date(hourStart.getTime() + HOUR_MS - 1000),
      }),
    );
  }
  return files;
}
