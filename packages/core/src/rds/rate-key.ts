import pLimit, { type LimitFunction } from "p-limit";

/**
 * What RDS's API rate limit counts a target's calls against: its account and region. The account
 * is the one in the target's role ARN (`arn:aws:iam::111122223333:role/…`); a target without a
 * role uses the default credentials, one account for every such target.
 */
export function selectRateKey(target: { region: string; roleArn?: string | undefined }): string {
  const account = /^arn:[\w-]+:iam::(\d{12}):/.exec(target.roleArn ?? "")?.[1] ?? "default";
  return `${account}/${target.region}`;
}

/**
 * One `concurrency` limit per rate key: instances of different accounts and regions never wait
 * for each other (each account and region is paced on its own), while one account and region
 * keeps `concurrency` instances in flight, which is what its pacing can serve.
 */
export function createLimitPerKey(concurrency: number): (key: string) => LimitFunction {
  const limits = new Map<string, LimitFunction>();
  return (key) => {
    let limit = limits.get(key);
    if (limit === undefined) {
      limit = pLimit(concurrency);
      limits.set(key, limit);
    }
    return limit;
  };
}
