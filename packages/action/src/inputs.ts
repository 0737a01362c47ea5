/**
 * The one place the action reads its inputs. Each input is read by the name action.yml gives it;
 * an empty input is an absent one. Config inputs become core's config overrides, so the schema
 * checks them exactly as it checks the CLI's flags, and an issue is told by the input's name
 * (INPUT_FOR_FIELD).
 */
import * as core from "@actions/core";
import {
  type ConfigOverrides,
  MAX_SHARDS,
  NOTIFIER_ENV,
  type NotifierSettings,
  readNotifierSettings,
} from "@rds-log-archive/core";
import { ActionInputError } from "./action-input-error.js";
import { checkSessionName, defaultSessionName, type WebIdentityRole } from "./credentials.js";
import { ACTION_INPUTS } from "./metadata/action-inputs.js";

export type ActionCommand = "sync" | "events" | "verify" | "matrix" | "merge-reports";

export interface ActionInputs {
  command: ActionCommand;
  configFile?: string;
  overrides: ConfigOverrides;
  /** With `role-to-assume`: the role to assume with the job's OIDC token. */
  webIdentity?: WebIdentityRole;
  /** Also in `overrides` for sync's config; merge-reports has no config and reads it here. */
  failOnGap: boolean;
  cloudwatchPricePerGb: number;
  shards: number;
  reports: string[];
  /** For events: where notifications go; each value is masked as soon as it is read. */
  notifiers: NotifierSettings;
  issueOnProblem: boolean;
  githubToken?: string;
}

const COMMANDS: readonly ActionCommand[] = ["sync", "events", "verify", "matrix", "merge-reports"];

/** The inputs of the notification settings, to name them in messages (never their values). */
export const NOTIFIER_INPUTS: Readonly<Record<keyof NotifierSettings, string>> = {
  slackWebhookUrl: "slack-webhook-url",
  webhookUrl: "webhook-url",
  webhookSecret: "webhook-secret",
};

/**
 * The input's value; when it is empty, its default from action.yml (which the runner applies
 * itself, but a run outside a runner does not), or undefined.
 */
function input(name: string): string | undefined {
  const value = core.getInput(name);
  return value === "" ? ACTION_INPUTS.find((spec) => spec.name === name)?.default : value;
}

/** A list input: comma- or newline-separated, blanks dropped. */
function listInput(name: string): string[] | undefined {
  const value = input(name);
  if (value === undefined) return undefined;
  return value
    .split(/[\n,]/)
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/**
 * A boolean input in the spellings GitHub's getBooleanInput accepts (true, True, TRUE and the same
 * for false), its declared default when empty, or `fallback` without one.
 */
function booleanInput(name: string, fallback: boolean): boolean {
  const value = input(name);
  if (value === undefined) return fallback;
  if (/^(?:true|True|TRUE)$/.test(value)) return true;
  if (/^(?:false|False|FALSE)$/.test(value)) return false;
  throw new ActionInputError(name, `must be true or false, not "${value}"`);
}

/** A number input in [min, max]; a whole one unless `fractions` is allowed. */
function numberInput(name: string, min: number, max: number, fractions = false): number {
  const text = input(name) ?? "";
  const value = Number(text);
  const whole = fractions || Number.isInteger(value);
  if (text.trim() === "" || !Number.isFinite(value) || !whole || value < min || value > max) {
    const what = fractions ? "a number" : "a whole number";
    throw new ActionInputError(name, `must be ${what} from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

export function readActionInputs(env: Record<string, string | undefined> = process.env): ActionInputs {
  const command = input("command") as ActionCommand;
  if (!COMMANDS.includes(command)) {
    throw new ActionInputError("command", `must be one of ${COMMANDS.join(", ")}, not "${command}"`);
  }
  const region = input("aws-region");
  const failOnGap = booleanInput("fail-on-gap", true);
  const overrides: ConfigOverrides = {
    region,
    clusters: listInput("clusters"),
    instances: listInput("instances"),
    all: input("all-instances"),
    engines: listInput("engines"),
    logTypes: listInput("log-types"),
    onlyInstances: listInput("only-instances"),
    destination: input("destination"),
    destinationRoleArn: input("destination-role-to-assume"),
    destinationRegion: input("destination-region"),
    sse: input("sse"),
    kmsKeyId: input("kms-key-id"),
    expectedBucketOwner: input("expected-bucket-owner"),
    keyTemplate: input("key-template"),
    since: input("since"),
    until: input("until"),
    settle: input("settle"),
    includeActive: input("include-active"),
    concurrency: input("concurrency"),
    dryRun: input("dry-run"),
    // Only when given: otherwise the config file's value stands.
    failOnGap: input("fail-on-gap") === undefined ? undefined : failOnGap,
    notifyCategories: listInput("notify-categories"),
    notifyTimeZone: input("notify-time-zone"),
  };
  const roleArn = input("role-to-assume");
  let webIdentity: WebIdentityRole | undefined;
  if (roleArn !== undefined) {
    const sessionName = input("role-session-name") ?? defaultSessionName(env);
    checkSessionName(sessionName);
    const stsRegion = region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (stsRegion === undefined) {
      throw new ActionInputError("aws-region", "is needed with role-to-assume (or set AWS_REGION)");
    }
    webIdentity = {
      roleArn,
      audience: input("audience") ?? "",
      sessionName,
      durationSeconds: numberInput("role-duration-seconds", 900, 43_200),
      region: stsRegion,
    };
  }
  const configFile = input("config");
  const githubToken = input("github-token");
  return {
    command,
    ...(configFile === undefined ? {} : { configFile }),
    overrides,
    ...(webIdentity === undefined ? {} : { webIdentity }),
    failOnGap,
    cloudwatchPricePerGb: numberInput("cloudwatch-price-per-gb", 0, 1000, true),
    shards: numberInput("shards", 1, MAX_SHARDS),
    reports: listInput("reports") ?? [],
    notifiers: readNotifiers(env),
    issueOnProblem: booleanInput("issue-on-problem", false),
    ...(githubToken === undefined ? {} : { githubToken }),
  };
}

/**
 * The notification settings: each input, else its environment variable. Every value is a secret
 * (a webhook URL lets anyone post to the channel), masked before anything could print it.
 */
function readNotifiers(env: Record<string, string | undefined>): NotifierSettings {
  const fromEnv = readNotifierSettings(env);
  const settings: NotifierSettings = {};
  for (const field of Object.keys(NOTIFIER_ENV) as (keyof NotifierSettings)[]) {
    const value = input(NOTIFIER_INPUTS[field]) ?? fromEnv[field];
    if (value === undefined) continue;
    core.setSecret(value);
    settings[field] = value.trim();
  }
  return settings;
}

/** The inputs that set each config field (a schema path such as `destination.sse`), for messages. */
export const INPUT_FOR_FIELD: Readonly<Record<string, string>> = Object.fromEntries([
  ...ACTION_INPUTS.filter((spec) => spec.field !== undefined).map(
    (spec) => [(spec.field as string).replace(/\[\]/g, ""), `input "${spec.name}"`] as const,
  ),
  ["targets", 'inputs "clusters", "instances" or "all-instances"'],
  ["destination.bucket", 'input "destination"'],
  ["destination.dir", 'input "destination"'],
  ["destination.prefix", 'input "destination"'],
]);
