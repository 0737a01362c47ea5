export {
  DEFAULT_ROLE_SESSION_NAME,
  type RoleSession,
  watchAssumedCredentials,
} from "./adapters/assume-role.js";
export {
  assumeRoleWithWebIdentity,
  type TemporaryCredentials,
  type WebIdentityRequest,
} from "./adapters/assume-role-with-web-identity.js";
export {
  createNotifiers,
  NOTIFIER_ENV,
  type NotifierSettings,
  readNotifierSettings,
} from "./adapters/create-notifiers.js";
export { createRdsPort } from "./adapters/create-rds-port.js";
export { createDirObjectStore, type DirObjectStoreOptions } from "./adapters/dir-object-store.js";
export { readAwsProfileProblem } from "./adapters/read-aws-profile-problem.js";
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
export {
  CONFIG_FIELDS,
  type ConfigField,
  type ConfigFieldKind,
  type ConfigFieldPath,
  configFieldAt,
} from "./config/config-fields.js";
export { configSchema, DEFAULT_NOTIFY_CATEGORIES, renderConfigJsonSchema } from "./config/config-schema.js";
export { parseDuration } from "./config/duration.js";
export {
  type ConfigSource,
  describeConfigIssuePath,
  type LoadedConfig,
  type LoadedDestinationConfig,
  loadConfig,
  loadDestinationConfig,
} from "./config/load-config.js";
export type { ConfigOverrides, ConfigOverrideValue } from "./config/merge-config-sources.js";
export {
  type ArchiveConfig,
  type ArchiveDestination,
  type ArchiveTarget,
  type ConfigIssue,
  type DestinationConfig,
  type DestinationConfigField,
  type DirDestination,
  type ParsedDestination,
  parseConfig,
  parseDestination,
  parseDestinationConfig,
  type S3Destination,
  VERIFY_FIELDS,
  type VerifyConfig,
} from "./config/parse-config.js";
export { readConfigFile } from "./config/read-config-file.js";
export { renderConfigFieldNames, renderSettingNames } from "./config/render-config-field-names.js";
export { parseListText } from "./config/schema-inputs.js";
export {
  type OtherSourceCommand,
  SOURCE_UNREAD_FIELDS,
  type UnreadField,
} from "./config/source-unread-fields.js";
export { renderTagFilter, type TagFilter } from "./config/tag-filter.js";
export { parseTimeBound } from "./config/time-bound.js";
export {
  createDestinationStore,
  type DestinationStoreOptions,
  destinationStoreOptionsFor,
} from "./destinations/create-destination-store.js";
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
export { renderIamCloudFormation } from "./iam/render-iam-cloudformation.js";
export { type IamPolicies, renderIamPolicies } from "./iam/render-iam-policies.js";
export { renderIamTerraform } from "./iam/render-iam-terraform.js";
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
  REQUIRED_KEY_PLACEHOLDERS,
  renderPlaceholderList,
} from "./keys/key-placeholders.js";
export type { ProgressEvent } from "./progress/progress-event.js";
export type { DiscoveredInstance, TargetFailure, TargetSelector } from "./rds/list-targets.js";
export type {
  ActivityStreamRecord,
  CreateRdsPort,
  ListedLogFile,
  RdsClusterRecord,
  RdsEventRecord,
  RdsInstanceRecord,
  RdsPort,
  RdsPortTarget,
  RdsSnapshotRecord,
} from "./rds/rds-port.js";
export type {
  ActivityReport,
  ActivityReportItem,
  ActivityShardReport,
  ActivityStreamReport,
  ActivityTotals,
} from "./report/activity-report.js";
export { judgeRun, type RunVerdict } from "./report/judge-run.js";
export { mergeRunReports, type NamedRunReport, type ReportOverlap } from "./report/merge-run-reports.js";
export { parseRunReport } from "./report/parse-run-report.js";
export { readRunReports } from "./report/read-run-reports.js";
export { renderBytes } from "./report/render-bytes.js";
export { renderPrintable } from "./report/render-printable.js";
export {
  type DeliveryReport,
  type EventReportItem,
  type EventsReport,
  type EventTotals,
  type EventWindowReport,
  type ItemOutcome,
  type ReportError,
  type ReportGap,
  type ReportItem,
  type ReportTarget,
  RUN_REPORT_VERSION,
  type RunReport,
  type RunTotals,
} from "./report/run-report.js";
export { writeRunReport } from "./report/write-run-report.js";
export type {
  KinesisPort,
  KmsPort,
  RecordDecryptor,
  StreamPortTarget,
} from "./sources/activity-stream/activity-ports.js";
export {
  type ActivityStreamDeps,
  archiveActivityStream,
} from "./sources/activity-stream/archive-activity-stream.js";
export { findActivityStreamConfigIssues } from "./sources/activity-stream/discover-activity-streams.js";
export { archiveEvents, type EventsDeps } from "./sources/events/archive-events.js";
export type { Notifier, NotifierMessage } from "./sources/events/notifier.js";
export { type ArchiveDeps, archive } from "./sources/log-files/archive-log-files.js";
export {
  COMPRESSION_FORMATS,
  type Compression,
  type CompressionAlgorithm,
  createCompressor,
  createDecompressor,
  parseCompression,
  runtimeHasZstd,
} from "./sources/log-files/compression.js";
export { createBlockBatcher, GZIP_SETTINGS } from "./sources/log-files/gzip-settings.js";
export { type VerifyDeps, type VerifyOptions, verifyArchive } from "./verify/verify-archive.js";
export {
  type BadObject,
  foundNoObject,
  type VerifyProblemCode,
  type VerifyProgressEvent,
  type VerifyReport,
  type VerifyTotals,
} from "./verify/verify-report.js";
