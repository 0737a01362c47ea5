export { createDasProducer, type DasProducer, type DasProducerOptions } from "./das/create-das-producer.js";
export {
  buildDasActivityEvent,
  buildDasHeartbeat,
  DAS_ENGINES,
  DAS_ENVELOPE_VERSIONS,
  DAS_SAMPLE_SQL,
  type DasActivity,
  type DasEngine,
  type DasEvent,
  formatLogTime,
} from "./das/das-engine-events.js";
export {
  DAS_CLUSTER_RESOURCE_ID,
  DAS_INSTANCE_RESOURCE_ID,
  type DasCluster,
  startDasCluster,
} from "./das/start-das-cluster.js";
export { DEMO_FLEET_SOURCE, materializeDemoFleet } from "./demo/demo-fleet.js";
export { activityStreamName } from "./emulator/activity-stream-fields.js";
export { EmulatorError } from "./emulator/emulator-error.js";
export { type EmulatorProcess, startEmulatorProcess } from "./emulator/emulator-process.js";
export { EventLog } from "./emulator/event-log.js";
export type { FaultKnobs } from "./emulator/faults.js";
export type { ClusterSpec, EventSpec, FleetSpec, GeneratedLogSpec, InstanceSpec } from "./emulator/fleet.js";
export { parseFleetSpec, readFleetSpec } from "./emulator/fleet.js";
export type { ActivityStreamSpec } from "./emulator/fleet-activity-stream.js";
export { InvalidFleetError } from "./emulator/fleet-errors.js";
export { EVENT_SOURCE_TYPES, EVENTS_FILE, type EventSourceType } from "./emulator/fleet-events.js";
export type { KmsKeySpec } from "./emulator/fleet-kms-keys.js";
export type { FleetPartitionOptions } from "./emulator/fleet-partitions.js";
export type { ClusterSnapshotSpec, DBSnapshotSpec } from "./emulator/fleet-snapshots.js";
export { createGeneratedLogStream, GENERATED_BLOCK_SIZE } from "./emulator/generated-log.js";
export type { KmsKey } from "./emulator/kms-keys.js";
export { type KmsCaller, type KmsKnobs, KmsService } from "./emulator/kms-operations.js";
export { PORTION_CAP_BYTES, TRUNCATION_NOTICE } from "./emulator/log-file-operations.js";
export { type RateLimit, RDS_DEFAULT_RATE_LIMIT } from "./emulator/rate-limit.js";
export type { RecordedRequest } from "./emulator/request-log.js";
export type { EmulatorCredential } from "./emulator/sigv4-verifier.js";
export {
  DEFAULT_CREDENTIAL,
  type EmulatorOptions,
  type RdsEmulator,
  startEmulator,
} from "./emulator/start-emulator.js";
export {
  InvalidStsOptionsError,
  type JsonWebKeySet,
  type OidcProviderConfig,
  type PrincipalTrust,
  parseStsOptions,
  type StsOptions,
  type StsRole,
  type TrustStatement,
  type WebIdentityTrust,
} from "./emulator/sts-options.js";
export type { EngineLogs, FleetLogFile } from "./engines/engine-process.js";
export {
  type ServerAuditLogsOptions,
  serverAuditAvailability,
  writeServerAuditLogs,
} from "./engines/run-mariadb-audit.js";
export {
  type PgauditLogsOptions,
  pgauditAvailability,
  writePgauditLogs,
} from "./engines/run-postgres-pgaudit.js";
export { eventSpec, eventsFleet } from "./fleet/events-fleet.js";
export { HOSTILE_LOG_NAMES, hostileNamesFleet, writeHostileNamesFleet } from "./fleet/hostile-names-fleet.js";
export {
  type GeneratedInstanceSpec,
  hourlyGeneratedFleet,
  sha256OfGeneratedLog,
} from "./fleet/hourly-generated-fleet.js";
export {
  type LargeFleet,
  type LargeFleetAccount,
  type LargeFleetOptions,
  type LargeFleetTarget,
  largeFleet,
  writeLargeFleet,
} from "./fleet/large-fleet.js";
export { readFolderTexts } from "./fleet/read-folder-texts.js";
export { trickyFleet, writeTrickyFleet } from "./fleet/tricky-fleet.js";
export { type LogFileFixture, writeFleet, writeLogFile } from "./fleet/write-fleet.js";
export { createKinesisClient, type KinesisStandIn } from "./kinesis/kinesis-stand-in.js";
export {
  createTestStream,
  listTestShards,
  mergeTestShards,
  type PutResult,
  putTestRecords,
  splitTestShard,
  type TestRecord,
  updateTestShardCount,
  waitForActiveStream,
} from "./kinesis/kinesis-test-streams.js";
export { type KinesaliteOptions, startKinesalite } from "./kinesis/start-kinesalite.js";
export {
  type KinesisFault,
  type KinesisFaultProxy,
  startKinesisFaultProxy,
} from "./kinesis/start-kinesis-fault-proxy.js";
export { type KinesisLocalOptions, startKinesisLocal } from "./kinesis/start-kinesis-local.js";
export type { IdTokenOptions } from "./oidc/github-id-token.js";
export {
  type OidcRequest,
  type OidcTokenService,
  type OidcTokenServiceOptions,
  startOidcTokenService,
} from "./oidc/start-oidc-token-service.js";
export { checkSlackPayload, SLACK_ERROR_STATUS, type SlackError } from "./receivers/check-slack-payload.js";
export type { GitHubUser, StoredComment, StoredIssue } from "./receivers/github-issues.js";
export {
  type GitHubApi,
  type GitHubApiOptions,
  type GitHubApiRequest,
  type GitHubToken,
  startGitHubApi,
} from "./receivers/start-github-api.js";
export {
  type ReceivedPost,
  type ReceiverReply,
  startWebhookReceiver,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from "./receivers/start-webhook-receiver.js";
export { findFreePort } from "./services/free-port.js";
export { serviceAvailability } from "./services/require-service.js";
export {
  connectSharedSwift,
  SHARED_SWIFT_HOOK_TIMEOUT_MS,
  type SharedSwift,
  type SharedSwiftInfo,
  setupSharedSwift,
} from "./services/shared-swift.js";
export {
  type RecordedS3Request,
  type RecordingProxy,
  type RecordingProxyOptions,
  startRecordingProxy,
} from "./services/start-recording-proxy.js";
export {
  SWIFT_SERVICE_PATHS,
  type SwiftAccountOptions,
  type SwiftCredentials,
  type SwiftS3,
  SwiftS3Error,
  type SwiftS3Options,
  startSwiftS3,
} from "./services/swift-s3.js";
