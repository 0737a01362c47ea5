import type { ArchiveConfig, ArchiveTarget } from "../config/parse-config.js";
import { AdaptiveRateLimiter } from "./adaptive-rate-limiter.js";
import { selectRateKey } from "./rate-key.js";
import type { CreateRdsPort, RdsPort } from "./rds-port.js";

/**
 * The RDS port of each config target, with the run's timeouts and role session, and paced: every
 * port of one account and region (rate-key.ts) shares one adaptive pacer, made on first use, so
 * that all of a run's RDS calls there (listings, downloads, DescribeEvents, the activity streams'
 * DescribeDBClusters and DescribeDBInstances) stay under RDS's rate limit together and back off
 * together when it answers Throttling. Every source discovers its targets through one of these.
 */
export function createPacedPorts(
  config: Pick<ArchiveConfig, "timeouts" | "roleSessionName" | "roleExternalId">,
  createRdsPort: CreateRdsPort,
): (target: ArchiveTarget) => RdsPort {
  const pacers = new Map<string, AdaptiveRateLimiter>();
  return (target) => {
    const rateKey = selectRateKey(target);
    let pacer = pacers.get(rateKey);
    if (pacer === undefined) {
      pacer = new AdaptiveRateLimiter();
      pacers.set(rateKey, pacer);
    }
    return createRdsPort({
      region: target.region,
      pacer,
      ...(target.roleArn === undefined ? {} : { roleArn: target.roleArn }),
      timeouts: config.timeouts,
      session: { sessionName: config.roleSessionName, externalId: config.roleExternalId },
    });
  };
}
