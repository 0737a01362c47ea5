/**
 * Activity events shaped as each engine's Database Activity Stream writes them: field names and
 * JSON types from the RDS and Aurora user guides' field tables and examples (which are not valid
 * JSON themselves, so they are not copied). The differences a consumer must survive:
 *
 * | field         | Aurora PostgreSQL | Aurora MySQL   | RDS for Oracle            | RDS for SQL Server        |
 * |---------------|-------------------|----------------|---------------------------|---------------------------|
 * | logTime       | `…990579+00`      | `…267214+00`   | `…233787` (no offset)     | `…7113072+00` (7 digits)  |
 * | statementId   | number            | number         | number                    | string `0x…`              |
 * | sessionId     | string `5ce5f7f0.474b` | string `725121` | number               | number                    |
 * | exitCode      | null or number    | string `"0"`   | number                    | number                    |
 * | transactionId | –                 | string         | string `0000000000000000` | string                    |
 * | engineNativeAuditFields | –       | –              | object (`{}` unless asked) | object (`{}` unless asked) |
 */

export const DAS_ENGINES = ["aurora-postgresql", "aurora-mysql", "oracle", "sqlserver"] as const;
export type DasEngine = (typeof DAS_ENGINES)[number];

/** The envelope `version` each engine writes (1.3 and 1.4 introduced `engineNativeAuditFields`). */
export const DAS_ENVELOPE_VERSIONS: Record<DasEngine, string> = {
  "aurora-postgresql": "1.1",
  "aurora-mysql": "1.2",
  oracle: "1.3",
  sqlserver: "1.4",
};

export type DasEvent = Record<string, unknown>;

export interface DasActivity {
  /** The SQL text as the client sent it (multibyte text is carried as is). */
  commandText: string;
  at: Date;
  /** Increasing per statement; the shape (number or `0x…` string) follows the engine. */
  statementId: number;
  command?: string;
  dbUserName?: string;
  databaseName?: string;
  objectName?: string | null;
  /** Whether the engine-native audit fields are filled (Oracle / SQL Server streams started with them). */
  engineNativeAuditFields?: boolean;
}

/** One `record` event of `engine`, for `activity`. */
export function buildDasActivityEvent(engine: DasEngine, activity: DasActivity): DasEvent {
  const base = {
    command: activity.command ?? "QUERY",
    commandText: activity.commandText,
    dbUserName: activity.dbUserName ?? "app_user",
    databaseName: activity.databaseName ?? "orders",
    objectName: activity.objectName ?? null,
  };
  const logTime = formatLogTime(engine, activity.at);
  switch (engine) {
    case "aurora-postgresql":
      return {
        startTime: logTime,
        logTime,
        statementId: activity.statementId,
        substatementId: 1,
        objectType: activity.objectName ? "TABLE" : null,
        ...base,
        remoteHost: "172.31.3.195",
        remotePort: "49804",
        sessionId: "5ce5f7f0.474b",
        rowCount: 1,
        paramList: [],
        pid: 18251,
        clientApplication: "psql",
        exitCode: null,
        class: "READ",
        serverVersion: "2.3.1",
        serverType: "PostgreSQL",
        serviceName: "Amazon Aurora PostgreSQL-Compatible edition",
        serverHost: "172.31.3.192",
        netProtocol: "TCP",
        dbProtocol: "Postgres 3.0",
        type: "record",
        errorMessage: null,
      };
    case "aurora-mysql":
      return {
        logTime,
        type: "record",
        clientApplication: null,
        pid: 2830,
        ...base,
        remoteHost: "10.0.1.17",
        remotePort: "11053",
        paramList: null,
        objectType: "TABLE",
        objectName: activity.objectName ?? "",
        statementId: activity.statementId,
        substatementId: 1,
        exitCode: "0",
        sessionId: "725121",
        rowCount: 1,
        serverHost: "master",
        serverType: "MySQL",
        serviceName: "Amazon Aurora MySQL",
        serverVersion: "MySQL 8.0.32",
        startTime: logTime,
        endTime: logTime,
        transactionId: String(activity.statementId),
        dbProtocol: "MySQL",
        netProtocol: "TCP",
        errorMessage: "",
        class: "MAIN",
      };
    case "oracle":
      return {
        class: "Standard",
        clientApplication: "JDBC Thin Client",
        ...base,
        dbUserName: activity.dbUserName ?? "APP_USER",
        databaseName: activity.databaseName ?? "ORCL",
        dbid: "0123456789",
        dbProtocol: "oracle",
        endTime: null,
        errorMessage: null,
        exitCode: 0,
        logTime,
        netProtocol: "tcp",
        objectType: activity.objectName ? "APP" : null,
        paramList: [],
        pid: 17904,
        remoteHost: "10.0.1.17",
        remotePort: "25440",
        rowCount: null,
        serverHost: "10.0.2.31",
        serverType: "oracle",
        serverVersion: "19.0.0.0.ru-2024-01.rur-2024-01.r1.EE.3",
        serviceName: "oracle-ee",
        sessionId: 987654321,
        startTime: null,
        statementId: activity.statementId,
        substatementId: null,
        transactionId: "0000000000000000",
        engineNativeAuditFields: activity.engineNativeAuditFields
          ? {
              UNIFIED_AUDIT_POLICIES: "DAS_POLICY",
              OS_USERNAME: "rdsdb",
              TERMINAL: "unknown",
              SCN: 5124715,
              ENTRY_ID: activity.statementId,
            }
          : {},
        type: "record",
      };
    case "sqlserver":
      return {
        class: "TABLE",
        clientApplication: "Microsoft SQL Server Management Studio - Query",
        ...base,
        databaseName: activity.databaseName ?? "orders",
        dbProtocol: "SQLSERVER",
        endTime: null,
        errorMessage: null,
        exitCode: 1,
        logTime,
        netProtocol: null,
        objectType: "TABLE",
        paramList: null,
        pid: null,
        remoteHost: "10.0.1.17",
        remotePort: null,
        rowCount: 0,
        serverHost: "10.0.2.32",
        serverType: "SQLSERVER",
        serverVersion: "15.00.4073.23.v1.R1",
        serviceName: "sqlserver-ee",
        sessionId: 62,
        startTime: null,
        statementId: `0x${activity.statementId.toString(16).padStart(32, "0")}`,
        substatementId: 1,
        transactionId: "0",
        engineNativeAuditFields: activity.engineNativeAuditFields
          ? {
              server_instance_name: "EC2AMAZ-NFUJJNO",
              audit_schema_version: 1,
              is_column_permission: false,
              response_rows: 0,
            }
          : {},
        type: "record",
      };
  }
}

/**
 * A heartbeat, which DAS writes even when nothing happens (at least every few seconds). The
 * guides document only `type: "heartbeat"`; the rest of its fields are not described, so this one
 * carries the time and nothing a consumer could mistake for activity.
 */
export function buildDasHeartbeat(engine: DasEngine, at: Date): DasEvent {
  return { type: "heartbeat", logTime: formatLogTime(engine, at) };
}

/** `logTime` in each engine's own format, always UTC. */
export function formatLogTime(engine: DasEngine, at: Date): string {
  const iso = at.toISOString();
  const seconds = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  const millis = iso.slice(20, 23);
  // The engines keep micro (or 100-ns) precision; JS dates have milliseconds, padded with fixed digits.
  if (engine === "oracle") return `${seconds}.${millis}123`;
  if (engine === "sqlserver") return `${seconds}.${millis}1234+00`;
  return `${seconds}.${millis}123+00`;
}

/** SQL a test workload can cycle through: multibyte text, emoji, quotes and line breaks included. */
export const DAS_SAMPLE_SQL: readonly string[] = [
  "SELECT * FROM orders WHERE customer = '山田太郎'",
  "INSERT INTO notes (body) VALUES ('出荷済み 🚚 — お問い合わせ番号 12345')",
  "UPDATE products SET name = 'Café crème ☕' WHERE id = 42",
  "SELECT id,\n       total\n  FROM invoices\n WHERE status = 'overdue' -- 延滞",
  "DELETE FROM sessions WHERE expires_at < now() /* 🧹 */",
];
