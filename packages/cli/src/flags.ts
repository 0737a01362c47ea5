import { parseArgs } from "node:util";

/** Every flag of `sync` and `plan`; the names users type, in one place. */
export const FLAG_OPTIONS = {
  config: { type: "string" },
  region: { type: "string" },
  cluster: { type: "string", multiple: true },
  instance: { type: "string", multiple: true },
  all: { type: "boolean" },
  engine: { type: "string", multiple: true },
  "log-types": { type: "string", multiple: true },
  dest: { type: "string" },
  since: { type: "string" },
  until: { type: "string" },
  settle: { type: "string" },
  "include-active": { type: "boolean" },
  "only-instances": { type: "string", multiple: true },
  concurrency: { type: "string" },
  "dry-run": { type: "boolean" },
  report: { type: "string" },
  json: { type: "boolean" },
  sse: { type: "string" },
  "kms-key-id": { type: "string" },
  "expected-bucket-owner": { type: "string" },
  "key-template": { type: "string" },
  "no-fail-on-gap": { type: "boolean" },
  matrix: { type: "boolean" },
  shards: { type: "string" },
  quiet: { type: "boolean", short: "q" },
  verbose: { type: "boolean", short: "v" },
  help: { type: "boolean", short: "h" },
} as const;

export type Flags = ReturnType<typeof parseFlags>;

/** Parses argv after the command; unknown flags are usage errors (exit 2). */
export function parseFlags(argv: string[]) {
  return parseArgs({ args: argv, options: FLAG_OPTIONS, strict: true, allowPositionals: false }).values;
}

/** `--cluster a,b --cluster c` → `["a", "b", "c"]`. */
export function listFlag(values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  return values
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

/** Which flag sets each config field, so an issue can be told in the words the user typed. */
export const FLAG_FOR_PATH: Readonly<Record<string, string>> = {
  "targets.region": "--region",
  "targets.clusters": "--cluster",
  "targets.instances": "--instance",
  "targets.all": "--all",
  "targets.engines": "--engine",
  "targets.logTypes": "--log-types",
  targets: "--cluster, --instance or --all",
  destination: "--dest",
  "destination.bucket": "--dest",
  "destination.dir": "--dest",
  "destination.prefix": "--dest",
  "destination.sse": "--sse",
  "destination.kmsKeyId": "--kms-key-id",
  "destination.expectedBucketOwner": "--expected-bucket-owner",
  "destination.keyTemplate": "--key-template",
  since: "--since",
  until: "--until",
  settle: "--settle",
  includeActive: "--include-active",
  onlyInstances: "--only-instances",
  concurrency: "--concurrency",
};
