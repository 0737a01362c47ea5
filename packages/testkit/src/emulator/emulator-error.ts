/**
 * An AWS error as the emulator puts it on the wire: the exact `<Code>` string and HTTP status of
 * the real service (docs/aws-wire-facts.md, "RDS Query API errors"), which are not the SDK's
 * class names.
 */
export class EmulatorError extends Error {
  override name = "EmulatorError";

  readonly code: string;
  readonly status: number;
  readonly type: "Sender" | "Receiver";

  constructor(
    code: string,
    status: number,
    message: string,
    type: "Sender" | "Receiver" = status >= 500 ? "Receiver" : "Sender",
  ) {
    super(message);
    this.code = code;
    this.status = status;
    this.type = type;
  }
}

export const instanceNotFound = (id: string) =>
  new EmulatorError("DBInstanceNotFound", 404, `DBInstance ${id} not found.`);

export const clusterNotFound = (id: string) =>
  new EmulatorError("DBClusterNotFoundFault", 404, `DBCluster ${id} not found.`);

export const logFileNotFound = (instance: string, name: string) =>
  new EmulatorError(
    "DBLogFileNotFoundFault",
    404,
    `DBLog File: ${name}, is not found on the DB instance: ${instance}`,
  );

export const invalidParameter = (message: string) => new EmulatorError("InvalidParameterValue", 400, message);

export const missingParameter = (name: string) =>
  new EmulatorError("MissingParameter", 400, `The request must contain the parameter ${name}`);
