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
  createDestinationStore,
  type DestinationStoreOptions,
  destinationStoreOptionsFor,
} from "./adapters/create-destination-store.js";
export { createRdsClient } from "./adapters/create-rds-client.js";
export type { S3ClientOptions } from "./adapters/create-s3-client.js";
export { createDirObjectStore, type DirObjectStoreOptions } from "./adapters/dir-object-store.js";
export { type DownloadTarget, downloadLogFile } from "./adapters/download-log-file.js";
export {
  type DiscoveredInstance,
  type ListedLogFile,
  listLogFiles,
  listTargets,
  type TargetFailure,
  type TargetSelector,
} from "./adapters/list-targets.js";
export type { ArchivedObjectMetadata, ObjectStore, PutResult } from "./adapters/object-store.js";
export { readAwsProfileProblem } from "./adapters/read-aws-profile-problem.js";
export type { S3ObjectStoreOptions } from "./adapters/s3-object-store.js";
export { type SignedLogDownload, signLogFileDownload } from "./adapters/sign-log-download.js";
export { type ArchiveDeps, archive } from "./archive.js";
export {
  CONFIG_FIELDS,
  type ConfigField,
  type ConfigFieldKind,
  type ConfigFieldPath,
  configFieldAt,
} from "./config/config-fields.js";
export { configSchema, renderConfigJsonSchema } from "./config/config-schema.js";
export { parseDuration } from "./config/duration.js";
export {
  DEFAULT_KEY_TEMPLATE,
  KEY_PLACEHOLDERS,
  REQUIRED_KEY_PLACEHOLDERS,
  renderPlaceholderList,
} from "./config/key-placeholders.js";
export {
  type ConfigSource,
  describeConfigIssuePath,
  type LoadedConfig,
  loadConfig,
} from "./config/load-config.js";
export type { ConfigOverrides, ConfigOverrideValue } from "./config/merge-config-sources.js";
export {
  type ArchiveConfig,
  type ArchiveDestination,
  type ArchiveTarget,
  type ConfigIssue,
  type DirDestination,
  type ParsedDestination,
  parseConfig,
  parseDestination,
  type S3Destination,
} from "./config/parse-config.js";
export { readConfigFile } from "./config/read-config-file.js";
export { renderConfigFieldNames, renderSettingNames } from "./config/render-config-field-names.js";
export { parseListText } from "./config/schema-inputs.js";
export { parseTimeBound } from "./config/time-bound.js";
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
export { parseLogName } from "./plan/parse-log-name.js";
export { renderKey } from "./plan/render-key.js";
export { judgeRun, type RunVerdict } from "./report/judge-run.js";
export { mergeRunReports, type NamedRunReport, type ReportOverlap } from "./report/merge-run-reports.js";
export { parseRunReport } from "./report/parse-run-report.js";
export { readRunReports } from "./report/read-run-reports.js";
export { renderBytes } from "./report/render-bytes.js";
export { renderPrintable } from "./report/render-printable.js";
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
export type { ArchiveEvent } from "./run/archive-events.js";
export { createArchiveGzip, createBlockBatcher, GZIP_SETTINGS } from "./run/gzip-settings.js";
