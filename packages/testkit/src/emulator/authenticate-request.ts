import type { IncomingMessage } from "node:http";
import { type FleetPartition, type FleetPartitions, signingRegionOf } from "./fleet-partitions.js";
import type { RecordedRequest } from "./request-log.js";
import { type EmulatorCredential, verifySigV4 } from "./sigv4-verifier.js";
import type { StsService } from "./sts-operations.js";
import { ROLE_ARN } from "./sts-options.js";

export type Authenticate = (
  request: IncomingMessage,
  body: Buffer | undefined,
  service: "rds" | "sts" | "kms",
  record: RecordedRequest,
) => Promise<{ credential: EmulatorCredential; partition: FleetPartition }>;

/**
 * Checks SigV4 against the static and the STS-issued credentials, records who signed, and
 * finds the fleet the request is for: the region its signature is scoped to (when served;
 * otherwise `region`, so the check refuses it) and the account of its key, an STS session's
 * being its role's, a static key's its own `accountId` or else `accountId`.
 */
export function createAuthenticate(setup: {
  credentials: readonly EmulatorCredential[];
  sts: StsService;
  partitions: FleetPartitions;
  region: string;
  accountId: string;
}): Authenticate {
  const { credentials, sts, partitions, region, accountId } = setup;
  return async (request, body, service, record) => {
    const signedFor = signingRegionOf(request, partitions.regions, region);
    const credential = await verifySigV4(request, body, {
      credentials: [...credentials, ...sts.sessions.credentials()],
      region: signedFor,
      service,
      now: new Date(),
      credentialsNow: sts.now(),
    });
    record.accessKeyId = credential.accessKeyId;
    const session = sts.sessions.find(credential.accessKeyId);
    if (session) record.assumedRoleArn = session.assumedRoleArn;
    const account = session
      ? (ROLE_ARN.exec(session.roleArn)?.[1] ?? accountId)
      : (credential.accountId ?? accountId);
    record.accountId = account;
    record.region = signedFor;
    return { credential, partition: partitions.get(account, signedFor) };
  };
}
