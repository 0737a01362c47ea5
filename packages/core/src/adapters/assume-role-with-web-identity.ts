import { ArchiverError } from "../errors.js";
import { toArchiverError } from "./aws-errors.js";
import { createTimedRequestHandler, type NetworkTimeouts } from "./network-timeouts.js";

export interface WebIdentityRequest {
  roleArn: string;
  /** The OIDC token, e.g. a GitHub Actions ID token. */
  webIdentityToken: string;
  sessionName: string;
  durationSeconds: number;
  region: string;
  timeouts?: NetworkTimeouts;
}

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/**
 * Exchanges an OIDC token for the role's temporary credentials (STS AssumeRoleWithWebIdentity,
 * at `AWS_ENDPOINT_URL_STS` when set). The STS client is imported on the call, so the CLI, which
 * never makes it, does not load it.
 *
 * @throws {ArchiverError} `IDENTITY_TOKEN_REFUSED` when STS refuses the token (audience, issuer,
 *   expiry), `ACCESS_DENIED` when the role's trust policy refuses it.
 */
export async function assumeRoleWithWebIdentity(request: WebIdentityRequest): Promise<TemporaryCredentials> {
  const { AssumeRoleWithWebIdentityCommand, STSClient } = await import("@aws-sdk/client-sts");
  const sts = new STSClient({
    region: request.region,
    requestHandler: createTimedRequestHandler(request.timeouts),
  });
  const call = {
    operation: "AssumeRoleWithWebIdentity",
    iamAction: "sts:AssumeRoleWithWebIdentity",
    resource: request.roleArn,
    failureCode: "ACCESS_DENIED" as const,
  };
  try {
    const { Credentials } = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: request.roleArn,
        RoleSessionName: request.sessionName,
        WebIdentityToken: request.webIdentityToken,
        DurationSeconds: request.durationSeconds,
      }),
    );
    const { AccessKeyId, SecretAccessKey, SessionToken } = Credentials ?? {};
    if (!AccessKeyId || !SecretAccessKey || !SessionToken) {
      throw new ArchiverError(
        "ACCESS_DENIED",
        `AssumeRoleWithWebIdentity on ${request.roleArn}: STS returned no credentials`,
      );
    }
    return { accessKeyId: AccessKeyId, secretAccessKey: SecretAccessKey, sessionToken: SessionToken };
  } catch (error) {
    throw error instanceof ArchiverError ? error : toArchiverError(error, call);
  } finally {
    sts.destroy();
  }
}
