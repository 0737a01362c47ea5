/**
 * The real-engine log writers against real PostgreSQL 15 + pgaudit and MariaDB + server_audit:
 * the files they lay out in a fleet folder, what the engines wrote in them, and that no engine
 * process outlives a run.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineLogs, FleetLogFile } from "../src/engines/engine-process.js";
import { serverAuditAvailability, writeServerAuditLogs } from "../src/engines/run-mariadb-audit.js";
import { pgauditAvailability, writePgauditLogs } from "../src/engines/run-postgres-pgaudit.js";

const HOUR_MS = 3_600_000;
const pg = pgauditAvailability();
const mariadb = serverAuditAvailability();

/** Decodes strictly, so a single mangled byte fails the test instead of becoming U+FFFD. */
const readUtf8 = (file: FleetLogFile) =>
  new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(file.path));

/** Processes whose working dir or argv names `dir`: postgres and mariadbd both chdir into their data dir. */
function processesUsing(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      if (cwd.startsWith(dir) || argv.includes(dir)) found.push(`${pid} ${argv}`);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

async function expectMtimes(files: FleetLogFile[]): Promise<Date[]> {
  const mtimes = [];
  for (const file of files) {
    const stats = await stat(file.path);
    expect(stats.mtime.getTime(), file.name).toBe(file.lastWritten.getTime());
    expect(stats.size, file.name).toBe(file.size);
    mtimes.push(stats.mtime);
  }
  return mtimes;
}

describe.skipIf(!pg.available)("writePgauditLogs with a real PostgreSQL 15 + pgaudit", () => {
  const endingAt = new Date("2026-11-20T11:00:00Z");
  let fleetDir = "";
  let result: EngineLogs;

  beforeAll(async () => {
    fleetDir = await mkdtemp(path.join(tmpdir(), "engine-logs-pg-"));
    result = await writePgauditLogs({ fleetDir, instanceId: "pg-audit-1", hours: 3, endingAt });
  });
  afterAll(async () => {
    if (fleetDir !== "") await rm(fleetDir, { recursive: true, force: true });
  });

  it("writes one file per consecutive UTC hour, at its RDS name, and nothing else", async () => {
    const expected = ["08", "09", "10"].map((hour) => `postgresql.log.2026-11-20-${hour}`);
    expect(result.files.map((file) => file.name)).toEqual(expected.map((name) => `error/${name}`));
    expect(await readdir(path.join(fleetDir, "instances", "pg-audit-1", "error"))).toEqual(expected);
    expect(await readdir(fleetDir)).toEqual(["instances"]);
  });

  it("holds pgaudit SESSION lines in every file, Japanese text as UTF-8, and TAB continuations", () => {
    const texts = result.files.map(readUtf8);
    for (const text of texts)
      expect(text).toMatch(/:postgres@postgres:\[\d+\]:LOG: {2}AUDIT: SESSION,\d+,\d+,/);
    const all = texts.join("");
    expect(all).toMatch(/AUDIT: SESSION,\d+,\d+,WRITE,INSERT,,,"INSERT INTO customers .*'山田太郎 1-0'/);
    expect(all).toContain("ログ出力テスト — 日本語");
    expect(all).toMatch(
      /READ,SELECT,,,"SELECT name,\n\t {7}note\n\tFROM customers\n\tWHERE id = 1;",<none>\n/,
    );
    expect(all).toMatch(/:ERROR: {2}division by zero\n.*:STATEMENT: {2}SELECT 1\/0;\n/);
  });

  it("gives each file an mtime inside its hour, in order", async () => {
    const mtimes = await expectMtimes(result.files);
    mtimes.forEach((mtime, index) => {
      const hourStart = endingAt.getTime() - (3 - index) * HOUR_MS;
      expect(mtime.getTime()).toBeGreaterThanOrEqual(hourStart);
      expect(mtime.getTime()).toBeLessThan(hourStart + HOUR_MS);
    });
    expect(mtimes.map((mtime) => mtime.getTime())).toEqual(
      [...mtimes.map((mtime) => mtime.getTime())].sort(),
    );
  });

  it("stops PostgreSQL and removes its temp dir", () => {
    expect(existsSync(result.engineDir)).toBe(false);
    expect(processesUsing(result.engineDir)).toEqual([]);
  });
});

describe.skipIf(!mariadb.available)("writeServerAuditLogs with a real MariaDB + server_audit", () => {
  const endingAt = new Date("2026-11-20T10:58:00Z");
  const rotateSize = 4096;
  let fleetDir = "";
  let result: EngineLogs;
  const audit = (name: string) => {
    const file = result.files.find((candidate) => candidate.name === `audit/${name}`);
    if (file === undefined)
      throw new Error(`no audit/${name} in ${result.files.map((f) => f.name).join(", ")}`);
    return file;
  };

  beforeAll(async () => {
    fleetDir = await mkdtemp(path.join(tmpdir(), "engine-logs-mariadb-"));
    result = await writeServerAuditLogs({
      fleetDir,
      instanceId: "maria-1",
      rotateSize,
      rotations: 2,
      endingAt,
    });
  });
  afterAll(async () => {
    if (fleetDir !== "") await rm(fleetDir, { recursive: true, force: true });
  });

  it("rotates the audit log by size into server_audit.log, .1 and .2", async () => {
    const instanceDir = path.join(fleetDir, "instances", "maria-1");
    expect(await readdir(path.join(instanceDir, "audit"))).toEqual([
      "server_audit.log",
      "server_audit.log.1",
      "server_audit.log.2",
    ]);
    expect(await readdir(path.join(instanceDir, "error"))).toEqual(["mysql-error-running.log"]);
    // server_audit rotates once a file has reached the size, so a size rotation leaves it at least that big.
    expect(audit("server_audit.log.1").size).toBeGreaterThanOrEqual(rotateSize);
    expect(audit("server_audit.log.2").size).toBeGreaterThanOrEqual(rotateSize);
  });

  it("writes one event per line, with Japanese text as UTF-8 and newlines escaped as \\n", () => {
    const all = ["server_audit.log.2", "server_audit.log.1", "server_audit.log"].map((name) =>
      readUtf8(audit(name)),
    );
    for (const line of all
      .join("")
      .split("\n")
      .filter((text) => text !== "")) {
      expect(line).toMatch(/^\d{8} \d{2}:\d{2}:\d{2},[^,]*,root,/);
    }
    const text = all.join("");
    expect(text).toMatch(/,QUERY,[^,]*,'INSERT INTO shop\.customers .*\\'山田太郎 0-0\\'/);
    expect(text).toContain("ログ出力テスト — 日本語");
    expect(text).toMatch(/,QUERY,[^,]*,'SELECT name,\\n {7}note\\nFROM shop\.customers\\nWHERE name LIKE /);
    expect(text).toMatch(/,QUERY,[^,]*,'SELECT \* FROM shop\.no_such_table',1146\n/);
  });

  it("dates .2 before .1 before the live file", async () => {
    const [older, newer, live] = await expectMtimes(
      ["server_audit.log.2", "server_audit.log.1", "server_audit.log"].map(audit),
    );
    expect(older?.getTime()).toBeLessThan(newer?.getTime() ?? 0);
    expect(newer?.getTime()).toBeLessThan(live?.getTime() ?? 0);
    expect(live?.getTime()).toBe(endingAt.getTime());
  });

  it("stops mariadbd and removes its temp dir", () => {
    expect(existsSync(result.engineDir)).toBe(false);
    expect(processesUsing(result.engineDir)).toEqual([]);
  });
});
