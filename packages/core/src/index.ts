export {
  assumeRoleWithWebIdentity,
  type TemporaryCredentials,
  type WebIdentityRequest,
} from "./adapters/assume-role-with-web-identity.js";
export { createRdsPort } from "./adapters/create-rds-port.js";
export { createDirObjectStore, type DirObjectStoreOptions } from "./adapters/dir-object-store.js";
export {
  ATHENA_PLACEHOLDER_BUCKET,
  ATHENA_SOURCES,
  ATHENA_TABLE_NAMES,
  type AthenaDdl,
  type AthenaDdlOptions,
  type AthenaSource,
  type AthenaTable,
  DEFAULT_ATHENA_LOG_TYPES,
  DEFAULT_ATHENA_RANGE_START,
  renderAthenaDdl,
} from "./athena/render-athena-ddl.js";
export { configSchema, renderConfigJsonSchema } from "./config/config-schema.js";
export { parseDuration } from "./config/duration.js";
export {
  type ConfigSource,
  describeConfigIssuePath,
  type LoadedConfig,
  loadConfig,
  loadDestinationConfig,
} from "./config/load-config.js";
export type { ConfigOverrides } from "./config/merge-config-sources.js";
export {
  type ArchiveConfig,
  type ArchiveDestination,
  type ArchiveTarget,
  type ConfigIssue,
  type ParsedDestination,
  parseConfig,
  parseDestination,
} from "./config/parse-config.js";
export { readConfigFile } from "./config/read-config-file.js";
export { parseTimeBound } from "./config/time-bound.js";
export { createDestinationStore } from "./destinations/create-destination-store.js";
export type { ArchivedObjectMetadata, ObjectStore, PutResult } from "./destinations/object-store.js";
export { ArchiverError, type ArchiverErrorCode, isArchiverError } from "./errors.js";
export {
  type InstanceRef,
  matchesInstanceRef,
  parseInstanceRef,
  renderInstanceRef,
} from "./fanout/instance-ref.js";
export { listWorkload, type WorkloadInstance } from "./fanout/list-workload.js";
export {
  DEFAULT_SHARDS,
  MAX_SHARDS,
  planShards,
  type Shard,
  type ShardableInstance,
} from "./fanout/plan-shards.js";
export {
  describeShard,
  type MatrixEntry,
  type MatrixTarget,
  renderMatrix,
  type ShardMatrix,
} from "./fanout/render-matrix.js";
export type { IamPolicyOptions } from "./iam/parse-iam-policy-options.js";
export type { PolicyDocument, PolicyStatement } from "./iam/policy-document.js";
export { type IamPolicies, renderIamPolicies } from "./iam/render-iam-policies.js";
export {
  DEFAULT_GITHUB_REF,
  type GithubSubject,
  renderGithubSubjects,
} from "./iam/render-trust-policies.js";
export {
  DEFAULT_KEY_TEMPLATE,
  expandKeyTemplate,
  HIVE_KEY_TEMPLATE,
  KEY_PLACEHOLDERS,
  KEY_TEMPLATE_PRESETS,
} from "./keys/key-placeholders.js";
export type { ProgressEvent } from "./progress/progress-event.js";
export type { DiscoveredInstance, TargetFailure, TargetSelector } from "./rds/list-targets.js";
export type {
  CreateRdsPort,
  ListedLogFile,
  RdsClusterRecord,
  RdsInstanceRecord,
  RdsPort,
  RdsPortTarget,
} from "./rds/rds-port.js";
export { judgeRun, type RunVerdict } from "./report/judge-run.js";
export { mergeRunReports, type NamedRunReport, type ReportOverlap } from "./report/merge-run-reports.js";
export { parseRunReport } from "./report/parse-run-report.js";
export { renderBytes } from "./report/render-bytes.js";
export type {
  ItemOutcome,
  ReportError,
  ReportGap,
  ReportItem,
  ReportTarget,
  RunReport,
  RunTotals,
} from "./report/run-report.js";
export { writeRunReport } from "./report/write-run-report.js";
export { type ArchiveDeps, archive } from "./sources/log-files/archive-log-files.js";
export { createArchiveGzip, createBlockBatcher, GZIP_SETTINGS } from "./sources/log-files/gzip-settings.js";
