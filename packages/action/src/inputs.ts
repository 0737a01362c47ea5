/**
 * The one place the action reads its inputs. Each input is read by the name action.yml gives it;
 * an empty input is an absent one. The inputs that set config fields (core's field table) become
 * core's config overrides, keyed by the field, so the schema checks them exactly as it checks the
 * CLI's flags, and an issue is told by the input's name (INPUT_FOR_FIELD).
 */
import * as core from "@actions/core";
import {
  type ConfigField,
  type ConfigOverrides,
  type ConfigOverrideValue,
  configFieldAt,
  MAX_SHARDS,
  NOTIFIER_ENV,
  type NotifierSettings,
  parseListText,
  readNotifierSettings,
  renderConfigFieldNames,
  SOURCE_UNREAD_FIELDS,
} from "@rds-log-archive/core";
import { ActionInputError } from "./action-input-error.js";
import { checkSessionName, defaultSessionName, type WebIdentityRole } from "./credentials.js";
import { ACTION_COMMANDS, ACTION_INPUTS, FIELD_INPUTS } from "./metadata/action-inputs.js";

export type ActionCommand = (typeof ACTION_COMMANDS)[number];

export interface ActionInputs {
  command: ActionCommand;
  configFile?: string;
  overrides: ConfigOverrides;
  /** With `role-to-assume`: the role to assume with the job's OIDC token. */
  webIdentity?: WebIdentityRole;
  /** The session name of every role the run assumes, when neither an input nor the config names one. */
  defaultSessionName: string;
  maskAccountIds: boolean;
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

/** A list input: comma- or newline-separated, blanks dropped (a glob's `{a,b}` stays whole). */
function listInput(name: string): string[] | undefined {
  const value = input(name);
  return value === undefined ? undefined : parseListText(value, { newlines: true });
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

/** The inputs that set config fields, as core's overrides; values stay text for the schema to check. */
function readOverrides(): ConfigOverrides {
  const overrides: Record<string, ConfigOverrideValue> = {};
  for (const field of FIELD_INPUTS) {
    const name = field.input as string;
    const value = field.kind === "list" ? listInput(name) : input(name);
    if (value !== undefined) overrides[field.path] = value;
  }
  return overrides as ConfigOverrides;
}

export function readActionInputs(env: Record<string, string | undefined> = process.env): ActionInputs {
  const command = input("command") as ActionCommand;
  if (!ACTION_COMMANDS.includes(command)) {
    throw new ActionInputError("command", `must be one of ${ACTION_COMMANDS.join(", ")}, not "${command}"`);
  }
  const overrides = readOverrides();
  refuseUnreadInputs(command, overrides);
  const sessionName = input("role-session-name") ?? defaultSessionName(env);
  checkSessionName(sessionName);
  const roleArn = input("role-to-assume");
  let webIdentity: WebIdentityRole | undefined;
  if (roleArn !== undefined) {
    const stsRegion = input("aws-region") ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
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
    defaultSessionName: sessionName,
    maskAccountIds: booleanInput("mask-aws-account-id", false),
    failOnGap: booleanInput("fail-on-gap", true),
    cloudwatchPricePerGb: numberInput("cloudwatch-price-per-gb", 0, 1000, true),
    shards: numberInput("shards", 1, MAX_SHARDS),
    reports: listInput("reports") ?? [],
    notifiers: readNotifiers(env),
    issueOnProblem: booleanInput("issue-on-problem", false),
    ...(githubToken === undefined ? {} : { githubToken }),
  };
}

/**
 * Fails on an input that sets a config field the command's source does not read (core's
 * SOURCE_UNREAD_FIELDS: log-types, settle, compression, … for events and activity-stream), naming
 * it, as the CLI refuses the flag: silently ignored, it would look applied. No such input has a
 * declared default, so a value here is one the workflow gave.
 */
function refuseUnreadInputs(command: ActionCommand, overrides: ConfigOverrides): void {
  if (command !== "events" && command !== "activity-stream") return;
  const given = overrides as Readonly<Record<string, ConfigOverrideValue | undefined>>;
  for (const { path, appliesTo } of SOURCE_UNREAD_FIELDS[command]) {
    const name = configFieldAt(path)?.input;
    if (name !== undefined && given[path] !== undefined)
      throw new ActionInputError(
        name,
        `applies to ${appliesTo}, not to command ${command}; remove it from this step`,
      );
  }
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

/** How the action names a config field: by its input. */
export const inputName = (field: ConfigField): string | undefined =>
  field.input === undefined ? undefined : `input "${field.input}"`;

/** The inputs that set each config field (a schema path such as `destination.sse`), for messages. */
export const INPUT_FOR_FIELD: Readonly<Record<string, string>> = renderConfigFieldNames(inputName);
