/**
 * The columns of the JSON tables, one per field the archive writes in an NDJSON line. Column names
 * are snake_case and each is mapped to its exact JSON key (`mapping.<column>` of the OpenX JSON
 * SerDe, with `case.insensitive` off), so a camelCase key never depends on the SerDe's lowercasing.
 */

/** One table column: its name, Hive type and the JSON key it reads. */
export interface JsonColumn {
  name: string;
  type: string;
  key: string;
}

const column = (name: string, key: string, type = "string"): JsonColumn => ({ name, type, key });

/**
 * An archived RDS event: DescribeEvents' own field names, `Date` in ISO 8601 UTC, plus `region`.
 * `Date` is a reserved word, hence `event_date`; `region` may also be a partition column, hence
 * `source_region`. Parse the time with `from_iso8601_timestamp(event_date)`.
 */
export const EVENT_COLUMNS: readonly JsonColumn[] = [
  column("source_identifier", "SourceIdentifier"),
  column("source_type", "SourceType"),
  column("source_arn", "SourceArn"),
  column("message", "Message"),
  column("event_categories", "EventCategories", "array<string>"),
  column("event_date", "Date"),
  column("source_region", "region"),
];

/**
 * An archived activity record: one element of `databaseActivityEventList` with the fields AWS
 * writes (RDS and Aurora user guides, "Monitoring database activity streams"), after the
 * `shardId`, `sequenceNumber`, `clusterId` and `instanceId` the archive puts in front.
 * `pid`, `sessionId`, `exitCode`, `statementId`, `transactionId` and `remotePort` are strings:
 * their JSON type differs between engines (SQL Server's `statementId` is a hex string, Oracle's
 * `sessionId` a number, Aurora MySQL's `exitCode` a string). `engineNativeAuditFields` (RDS for
 * Oracle and SQL Server) holds mixed scalars, read as strings.
 */
export const ACTIVITY_COLUMNS: readonly JsonColumn[] = [
  column("shard_id", "shardId"),
  column("sequence_number", "sequenceNumber"),
  column("cluster_id", "clusterId"),
  column("instance_id", "instanceId"),
  column("record_type", "type"),
  column("class", "class"),
  column("client_application", "clientApplication"),
  column("command", "command"),
  column("command_text", "commandText"),
  column("database_name", "databaseName"),
  column("db_protocol", "dbProtocol"),
  column("db_user_name", "dbUserName"),
  column("end_time", "endTime"),
  column("error_message", "errorMessage"),
  column("exit_code", "exitCode"),
  column("log_time", "logTime"),
  column("net_protocol", "netProtocol"),
  column("object_name", "objectName"),
  column("object_type", "objectType"),
  column("param_list", "paramList", "array<string>"),
  column("pid", "pid"),
  column("remote_host", "remoteHost"),
  column("remote_port", "remotePort"),
  column("row_count", "rowCount", "bigint"),
  column("server_host", "serverHost"),
  column("server_type", "serverType"),
  column("server_version", "serverVersion"),
  column("service_name", "serviceName"),
  column("session_id", "sessionId"),
  column("start_time", "startTime"),
  column("statement_id", "statementId"),
  column("substatement_id", "substatementId", "bigint"),
  column("transaction_id", "transactionId"),
  column("engine_native_audit_fields", "engineNativeAuditFields", "map<string,string>"),
];
