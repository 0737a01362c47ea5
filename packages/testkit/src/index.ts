export { DEMO_FLEET_SOURCE, materializeDemoFleet } from "./demo/demo-fleet.js";
export { EmulatorError } from "./emulator/emulator-error.js";
export { type EmulatorProcess, startEmulatorProcess } from "./emulator/emulator-process.js";
export type { FaultKnobs } from "./emulator/faults.js";
export type { ClusterSpec, EventSpec, FleetSpec, GeneratedLogSpec, InstanceSpec } from "./emulator/fleet.js";
export { parseFleetSpec, readFleetSpec } from "./emulator/fleet.js";
export { InvalidFleetError } from "./emulator/fleet-errors.js";
export { createGeneratedLogStream, GENERATED_BLOCK_SIZE } from "./emulator/generated-log.js";
export { PORTION_CAP_BYTES, TRUNCATION_NOTICE } from "./emulator/log-file-operations.js";
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
export { HOSTILE_LOG_NAMES, hostileNamesFleet, writeHostileNamesFleet } from "./fleet/hostile-names-fleet.js";
export {
  type GeneratedInstanceSpec,
  hourlyGeneratedFleet,
  sha256OfGeneratedLog,
} from "./fleet/hourly-generated-fleet.js";
export { trickyFleet, writeTrickyFleet } from "./fleet/tricky-fleet.js";
export { type LogFileFixture, writeFleet, writeLogFile } from "./fleet/write-fleet.js";
export type { IdTokenOptions } from "./oidc/github-id-token.js";
export {
  type OidcRequest,
  type OidcTokenService,
  type OidcTokenServiceOptions,
  startOidcTokenService,
} from "./oidc/start-oidc-token-service.js";
export { findFreePort } from "./services/free-port.js";
export { serviceAvailability } from "./services/require-service.js";
export {
  type SwiftAccountOptions,
  type SwiftCredentials,
  type SwiftS3,
  SwiftS3Error,
  type SwiftS3Options,
  startSwiftS3,
} from "./services/swift-s3.js";
