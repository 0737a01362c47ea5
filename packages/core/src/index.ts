export { createRdsClient } from "./adapters/create-rds-client.js";
export {
  type DiscoveredInstance,
  type ListedLogFile,
  listLogFiles,
  listTargets,
  type TargetFailure,
  type TargetSelector,
} from "./adapters/list-targets.js";
export { type SignedLogDownload, signLogFileDownload } from "./adapters/sign-log-download.js";
export { ArchiverError, type ArchiverErrorCode, isArchiverError } from "./errors.js";
