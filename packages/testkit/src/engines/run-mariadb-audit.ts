/**
 * Runs a real MariaDB with the server_audit plugin in a temp dir, drives SQL through the mariadb
 * client until the audit log has rotated by size, and lays the files out as an RDS MySQL/MariaDB
 * instance's `audit/server_audit.log`, `.1`, `.2` … (plus `error/mysql-error-running.log`).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { findFreePort } from "../services/free-port.js";
import { serviceAvailability } from "../services/require-service.js";
import {
  createEngineDir,
  type EngineLogs,
  EngineRunError,
  isRoot,
  placeLogFile,
  runCommand,
  waitUntil,
} from "./engine-process.js";

const MARIADBD = "/usr/sbin/mariadbd";
const MARIADB = "/usr/bin/mariadb";
const MARIADB_ADMIN = "/usr/bin/mariadb-admin";
const MARIADB_INSTALL_DB = "/usr/bin/mariadb-install-db";
const SERVER_AUDIT_LIBRARY = "/usr/lib/mysql/plugin/server_audit.so";
/** Rotated files are given mtimes this far apart, older for higher suffixes. */
const ROTATION_SPACING_MS = 5 * 60_000;

/** Whether MariaDB, its clients and server_audit are installed (under CI=true a missing one throws). */
export function serverAuditAvailability(): { available: boolean; reason: string } {
  return serviceAvailability("MariaDB + server_audit", [
    MARIADBD,
    MARIADB,
    MARIADB_ADMIN,
    MARIADB_INSTALL_DB,
    SERVER_AUDIT_LIBRARY,
  ]);
}

export interface ServerAuditLogsOptions {
  fleetDir: string;
  instanceId: string;
  /** `server_audit_file_rotate_size` in bytes (default 4096, so a little SQL rotates). */
  rotateSize?: number;
  /** How many rotated files (`.1` … `.N`) to produce (default 2). */
  rotations?: number;
  /** The mtime of `server_audit.log`; rotated files get older ones (default: now). */
  endingAt?: Date;
}

/**
 * Runs a real MariaDB + server_audit with a small rotate size, drives SQL (Japanese text,
 * multi-line statements, an error) until the audit log has rotated `rotations` times by size, and
 * writes `FLEETDIR/instances/<id>/audit/server_audit.log[.N]` with mtimes older for higher N (as
 * on RDS, `.1` is the most recently rotated). The server is stopped and its temp dir removed
 * before this returns, also on failure.
 */
export async function writeServerAuditLogs(options: ServerAuditLogsOptions): Promise<EngineLogs> {
  const rotateSize = options.rotateSize ?? 4096;
  const rotations = options.rotations ?? 2;
  if (!Number.isInteger(rotations) || rotations < 1) {
    throw new RangeError(`rotations must be a positive integer, got ${rotations}`);
  }
  const endingAt = options.endingAt ?? new Date();
  const dir = await createEngineDir("rds-server-audit-", "mysql", ["data", "run", "audit"]);
  try {
    await installDatabase(dir);
    const { server, port } = await startOnFreePort(dir, rotateSize, rotations);
    try {
      await driveSql(dir, port, rotateSize, rotations);
    } finally {
      await server.stop();
    }
    return { files: await layOutAuditFiles(dir, endingAt, options), engineDir: dir };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function installDatabase(dir: string) {
  // mariadbd switches to `user` itself; as an ordinary user it simply runs as that user.
  const user = isRoot() ? ["--user=mysql"] : [];
  await runCommand(
    [
      MARIADB_INSTALL_DB,
      "--no-defaults",
      ...user,
      `--datadir=${path.join(dir, "data")}`,
      "--auth-root-authentication-method=normal",
      "--skip-test-db",
    ],
    { cwd: dir },
  );
}

/**
 * Starts the server on a port found free, and on another one if it exits during start-up:
 * findFreePort closes its probe, so another suite on the same machine can take the port before
 * mariadbd binds it (PostgreSQL lost its port that way with two `npm test` runs side by side).
 * The last failure is waitForServer's, which names the server's error log.
 */
async function startOnFreePort(
  dir: string,
  rotateSize: number,
  rotations: number,
): Promise<{ server: ServerProcess; port: number }> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await findFreePort();
    await writeServerConfig(dir, port, rotateSize, rotations);
    const server = startServer(dir);
    try {
      await waitForServer(dir, server);
      return { server, port };
    } catch (error) {
      // Only a server that exited (a port taken under it) is worth another port; a timeout is not.
      const exited = server.gone();
      await server.stop();
      if (attempt >= 3 || !exited) throw error;
    }
  }
}

async function writeServerConfig(dir: string, port: number, rotateSize: number, rotations: number) {
  await writeFile(
    path.join(dir, "my.cnf"),
    [
      "[mariadbd]",
      ...(isRoot() ? ["user = mysql"] : []),
      `datadir = ${path.join(dir, "data")}`,
      `socket = ${path.join(dir, "run", "mysqld.sock")}`,
      `pid-file = ${path.join(dir, "run", "mysqld.pid")}`,
      `port = ${port}`,
      "bind-address = 127.0.0.1",
      `log-error = ${path.join(dir, "error.log")}`,
      "character-set-server = utf8mb4",
      "collation-server = utf8mb4_unicode_ci",
      "plugin-load-add = server_audit",
      "server_audit = FORCE_PLUS_PERMANENT",
      "server_audit_logging = ON",
      "server_audit_events = CONNECT,QUERY,TABLE",
      "server_audit_output_type = file",
      `server_audit_file_path = ${path.join(dir, "audit", "server_audit.log")}`,
      `server_audit_file_rotate_size = ${rotateSize}`,
      `server_audit_file_rotations = ${rotations}`,
      "",
    ].join("\n"),
  );
}

interface ServerProcess {
  /** Whether it has exited, or never started. */
  gone(): boolean;
  stop(): Promise<void>;
}

/** Spawns mariadbd itself (no mysqld_safe), so the child's PID is the server's and ours to stop. */
function startServer(dir: string): ServerProcess {
  const child = spawn(MARIADBD, [`--defaults-file=${path.join(dir, "my.cnf")}`], {
    cwd: dir,
    stdio: "ignore",
  });
  let gone = false;
  const exited = new Promise<void>((resolve) => {
    const done = () => {
      gone = true;
      resolve();
    };
    child.once("exit", done);
    // A spawn failure (no such program) emits "error" and never "exit".
    child.once("error", done);
  });
  return {
    gone: () => gone,
    async stop() {
      if (gone) return;
      child.kill("SIGTERM");
      const timedOut = await Promise.race([
        exited.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 30_000).unref()),
      ]);
      if (timedOut) {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}

async function waitForServer(dir: string, server: ServerProcess): Promise<void> {
  const socket = path.join(dir, "run", "mysqld.sock");
  const ping = [MARIADB_ADMIN, "--no-defaults", `--socket=${socket}`, "-u", "root", "ping"];
  await waitUntil("mariadbd to answer ping", async () => {
    if (server.gone()) {
      throw new EngineRunError(
        "EngineCommandFailed",
        "mariadbd exited during start-up",
        `see ${dir}/error.log`,
      );
    }
    return existsSync(socket) && (await runCommand(ping, { allowFailure: true })).code === 0;
  });
}

async function driveSql(dir: string, port: number, rotateSize: number, rotations: number) {
  await runMariadb(port, SETUP_SQL);
  const failed = await runMariadb(port, "SELECT * FROM shop.no_such_table;", true);
  if (failed.code === 0) throw new Error("a query on a missing table was expected to fail in mariadb");
  const lastRotation = path.join(dir, "audit", `server_audit.log.${rotations}`);
  // A batch writes well over 2 KiB of audit lines; the bound only stops a run that cannot rotate.
  const maxBatches = 10 + Math.ceil((rotateSize * rotations) / 2048);
  for (let batch = 0; !existsSync(lastRotation); batch += 1) {
    if (batch === maxBatches) {
      throw new EngineRunError(
        "EngineTimeout",
        `server_audit did not rotate ${rotations} times in ${maxBatches} batches`,
        "is server_audit_file_rotate_size much larger than a batch?",
      );
    }
    await runMariadb(port, batchSql(batch));
  }
  // Something after the last rotation, so the live file holds a query and not only a disconnect.
  await runMariadb(port, "SELECT '最後の確認' AS done;");
}

const SETUP_SQL = `CREATE DATABASE shop CHARACTER SET utf8mb4;
CREATE TABLE shop.customers (id INT AUTO_INCREMENT PRIMARY KEY, name TEXT, note TEXT);
`;

/** One client session: Japanese text, a multi-line statement, and volume to reach the rotate size. */
function batchSql(batch: number): string {
  const inserts = Array.from(
    { length: 20 },
    (_, row) =>
      `INSERT INTO shop.customers (name, note) VALUES ('山田太郎 ${batch}-${row}', 'ログ出力テスト — 日本語 ${row}');`,
  );
  return [
    ...inserts,
    "SELECT name,\n       note\nFROM shop.customers\nWHERE name LIKE '山田太郎%'\nLIMIT 3;",
    `UPDATE shop.customers SET note = '更新済み ${batch}' WHERE id = ${batch + 1};`,
    "",
  ].join("\n");
}

async function runMariadb(port: number, sql: string, allowFailure = false) {
  const connection = ["--protocol=TCP", "-h", "127.0.0.1", "-P", String(port), "-u", "root"];
  return runCommand([MARIADB, "--no-defaults", ...connection, "--default-character-set=utf8mb4", "--batch"], {
    input: sql,
    allowFailure,
  });
}

/**
 * server_audit renames on every rotation (`.1` → `.2` …), so `.1` is the newest rotated file; the
 * mtimes are spread `ROTATION_SPACING_MS` apart going back from `endingAt` to say the same.
 */
async function layOutAuditFiles(dir: string, endingAt: Date, target: ServerAuditLogsOptions) {
  const suffix = (file: string) => Number(file.slice("server_audit.log".length + 1) || "0");
  const written = (await readdir(path.join(dir, "audit")))
    .filter((file) => /^server_audit\.log(\.\d+)?$/.test(file))
    .sort((a, b) => suffix(a) - suffix(b));
  const files = [];
  for (const file of written) {
    files.push(
      await placeLogFile(path.join(dir, "audit", file), {
        fleetDir: target.fleetDir,
        instanceId: target.instanceId,
        name: `audit/${file}`,
        lastWritten: new Date(endingAt.getTime() - suffix(file) * ROTATION_SPACING_MS),
      }),
    );
  }
  files.push(
    await placeLogFile(path.join(dir, "error.log"), {
      fleetDir: target.fleetDir,
      instanceId: target.instanceId,
      name: "error/mysql-error-running.log",
      lastWritten: endingAt,
    }),
  );
  return files;
}
