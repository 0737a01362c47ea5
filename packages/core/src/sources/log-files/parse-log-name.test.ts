import { describe, expect, it } from "vitest";
import { parseLogName } from "./parse-log-name.js";

const lastWritten = Date.parse("2026-11-21T07:42:13.456Z");
const lastWrittenHour = "2026-11-21T07:00:00.000Z";

describe("parseLogName: content hour", () => {
  it.each([
    ["error/postgresql.log.2026-11-20-10", "2026-11-20T10:00:00.000Z"],
    ["error/postgresql.log.2026-11-20-10.csv", "2026-11-20T10:00:00.000Z"],
    ["error/postgresql.log.2026-11-20-10.gz", "2026-11-20T10:00:00.000Z"],
    ["error/postgresql.log.2026-11-20-10.csv.gz", "2026-11-20T10:00:00.000Z"],
    ["error/postgresql.log.2026-11-20-1030", "2026-11-20T10:00:00.000Z"],
    ["error/postgresql.log.2026-11-20-1030.gz", "2026-11-20T10:00:00.000Z"],
    ["error/postgresql.log.2026-11-20", "2026-11-20T00:00:00.000Z"],
    ["error/postgresql.log.2026-11-20.csv", "2026-11-20T00:00:00.000Z"],
    ["error/mysql-error-running.log.2026-11-20.10", "2026-11-20T10:00:00.000Z"],
    ["slowquery/mysql-slowquery.log.2026-11-20.23", "2026-11-20T23:00:00.000Z"],
    ["general/mysql-general.log.2026-11-20.00", "2026-11-20T00:00:00.000Z"],
    ["audit/audit.log.0.2026-11-20-10-00.1", "2026-11-20T10:00:00.000Z"],
    ["audit/audit.log.3.2026-11-20-10-45.12", "2026-11-20T10:00:00.000Z"],
    ["trace/alert_ORCL.log.2026-11-20", "2026-11-20T00:00:00.000Z"],
    ["postgresql.log.2026-02-28-05", "2026-02-28T05:00:00.000Z"],
  ])("%s belongs to %s (from the name)", (name, hour) => {
    const parsed = parseLogName(name, lastWritten);
    expect(parsed.contentHour.toISOString()).toBe(hour);
    expect(parsed.hourFromName).toBe(true);
  });

  it.each([
    ["slowquery/mysql-slowquery.log.7", "legacy hour-of-day suffix, repeats daily"],
    ["error/mysql-error.log", "no timestamp"],
    ["error/mysql-error-running.log", "live file"],
    ["log/ERROR", "SQL Server"],
    ["log/ERROR.4", "SQL Server, rotated"],
    ["trace/ORCL_ora_1234.trc", "Oracle trace"],
    ["log/system_health_0_133.xel", "SQL Server extended events"],
    ["error/postgresql.log.2026-13-20-10", "month 13"],
    ["error/postgresql.log.2026-11-20-24", "hour 24"],
    ["error/postgresql.log.2026-02-30-10", "February 30"],
    ["error/postgresql.log.2026-11-20-1060", "minute 60"],
    ["error/mysql-error-running.log.2026-11-20.24", "hour 24"],
    ["audit/audit.log.4.2026-11-20-10-00.1", "only files 0-3 exist"],
    ["error/postgresql.log.2026-11-20-10.log", "unknown suffix"],
    ["error/postgresql.log.2026-11-20-105", "three-digit time"],
    ["error/mysql-error-running.log.2026-11-20-10", "PostgreSQL-style separator on a MySQL name"],
    ["error/postgresql.log.2026-11-20.10", "MySQL-style separator on a PostgreSQL name"],
  ])("%s falls back to LastWritten (%s)", (name) => {
    const parsed = parseLogName(name, lastWritten);
    expect(parsed.contentHour.toISOString()).toBe(lastWrittenHour);
    expect(parsed.hourFromName).toBe(false);
  });
});

describe("parseLogName: name parts", () => {
  it("splits the log type and the base name", () => {
    expect(parseLogName("error/postgresql.log.2026-11-20-10", lastWritten)).toMatchObject({
      logType: "error",
      baseName: "postgresql.log.2026-11-20-10",
      family: "error/postgresql.log.2026-11-20-10",
      renamedByRotation: false,
      compressed: false,
    });
  });

  it("gives a name without a folder an empty log type", () => {
    expect(parseLogName("mysql-error.log", lastWritten)).toMatchObject({
      logType: "",
      baseName: "mysql-error.log",
      family: "mysql-error.log",
    });
  });

  it("takes the first folder as the log type and the last segment as the base name", () => {
    expect(parseLogName("a/b/c.log", lastWritten)).toMatchObject({ logType: "a", baseName: "c.log" });
  });

  it("marks a .gz source as compressed", () => {
    expect(parseLogName("error/postgresql.log.2026-11-20-1000.gz", lastWritten).compressed).toBe(true);
    expect(parseLogName("error/postgresql.log.2026-11-20-1000.csv", lastWritten).compressed).toBe(false);
  });

  it.each([
    ["audit/server_audit.log.3", "audit/server_audit.log"],
    ["audit/server_audit.log.1", "audit/server_audit.log"],
    ["audit/server_audit.log", "audit/server_audit.log"],
    ["log/ERROR.4", "log/ERROR"],
    ["log/ERROR", "log/ERROR"],
    ["log/SQLAGENT.2", "log/SQLAGENT.OUT"],
    ["log/SQLAGENT.OUT", "log/SQLAGENT.OUT"],
  ])("%s rotates by renaming, family %s", (name, family) => {
    const parsed = parseLogName(name, lastWritten);
    expect(parsed.family).toBe(family);
    expect(parsed.renamedByRotation).toBe(true);
  });

  it.each([
    "slowquery/mysql-slowquery.log.7",
    "error/mysql-error.log",
    "audit/audit.log.0.2026-11-20-10-00.1",
    "audit/server_audit.log.x",
    "log/ERRORS.1",
  ])("%s is not a rename family and keeps its name as family", (name) => {
    const parsed = parseLogName(name, lastWritten);
    expect(parsed.family).toBe(name);
    expect(parsed.renamedByRotation).toBe(false);
  });
});

describe("parseLogName: names reused daily", () => {
  it.each([
    "slowquery/mysql-slowquery.log.7",
    "general/mysql-general.log.0",
    "error/mysql-error-running.log.23",
  ])("%s is an hour slot RDS rewrites every day", (name) => {
    expect(parseLogName(name, lastWritten).reusedDaily).toBe(true);
  });

  it.each([
    "slowquery/mysql-slowquery.log.24",
    "slowquery/mysql-slowquery.log.2026-11-20.07",
    "error/mysql-error.log",
    "audit/server_audit.log.7",
  ])("%s is not", (name) => {
    expect(parseLogName(name, lastWritten).reusedDaily).toBe(false);
  });
});
