import { gzipSync } from "node:zlib";
import type { FleetSpec } from "../emulator/fleet.js";
import { type LogFileFixture, writeFleet } from "./write-fleet.js";

/**
 * A fleet of the files that break naive archivers: UTF-8 Japanese, CRLF line ends and invalid
 * UTF-8 bytes; a single line over 1 MB and an empty file; a name with a space and a source that
 * is already gzip; a legacy `.log.N` name that repeats daily; and server_audit size rotation.
 * Everything is settled (written well before `now`) except the active `server_audit.log`.
 */
export function trickyFleet(now: Date): { spec: Partial<FleetSpec>; logs: Record<string, LogFileFixture[]> } {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const longLine = `2026-11-20 10:00:00 UTC LOG:  statement: SELECT '${"x".repeat(1_200_000)}';\n`;
  return {
    spec: {
      clusters: [{ id: "aurora", engine: "aurora-postgresql", members: ["aurora-1", "aurora-2"] }],
      instances: [
        { id: "aurora-1", engine: "aurora-postgresql", cluster: "aurora" },
        { id: "aurora-2", engine: "aurora-postgresql", cluster: "aurora" },
        { id: "maria", engine: "mariadb" },
      ],
    },
    logs: {
      "aurora-1": [
        {
          name: "error/postgresql.log.2026-11-20-10",
          content: Buffer.concat([
            Buffer.from(
              "2026-11-20 10:00:01 UTC::@:[1]:LOG:  AUDIT: SESSION,1,1,WRITE,INSERT,,,'山田太郎 — ログ'\r\n",
              "utf8",
            ),
            Buffer.from([0xff, 0xfe, 0x80, 0x0a]),
            Buffer.from(longLine, "utf8"),
          ]),
          lastWritten: ago(60 * 24),
        },
        { name: "error/postgresql.log.2026-11-20-11", content: "", lastWritten: ago(60 * 23) },
        {
          name: "error/postgresql.log.2026-11-20-09.gz",
          content: gzipSync(Buffer.from("already compressed by Aurora\n".repeat(1000))),
          lastWritten: ago(60 * 25),
        },
      ],
      "aurora-2": [
        {
          name: "error/postgresql.log.2026-11-20-10",
          content: "the other member's log\n",
          lastWritten: ago(60 * 24),
        },
        { name: "slowquery/mysql slow query.log", content: "a name with a space\n", lastWritten: ago(120) },
      ],
      maria: [
        {
          name: "slowquery/mysql-slowquery.log.7",
          content: "yesterday at 07:00\n",
          lastWritten: ago(60 * 29),
        },
        {
          name: "audit/server_audit.log",
          content: "20261122 12:00:00,host,app,10.0.0.1,9,1,QUERY,shop,'SELECT 1',0\n",
          lastWritten: ago(1),
        },
        { name: "audit/server_audit.log.1", content: "rotated once\n".repeat(300), lastWritten: ago(30) },
        { name: "audit/server_audit.log.2", content: "rotated twice\n".repeat(300), lastWritten: ago(90) },
      ],
    },
  };
}

/** Writes {@link trickyFleet} to a new temp folder. */
export async function writeTrickyFleet(now: Date, dir?: string): Promise<string> {
  const { spec, logs } = trickyFleet(now);
  return writeFleet(spec, logs, dir);
}
