import { ArchiverError } from "../errors.js";
import type { Notifier } from "../sources/events/notifier.js";
import { createSlackNotifier } from "./create-slack-notifier.js";
import { createWebhookNotifier } from "./create-webhook-notifier.js";

/** Where notifications go. Each value is a secret: it comes from the environment or a secret input, and is never shown. */
export interface NotifierSettings {
  slackWebhookUrl?: string;
  webhookUrl?: string;
  webhookSecret?: string;
}

/** The environment variables the CLI (and, as a fallback, the Action) reads the settings from. */
export const NOTIFIER_ENV: Readonly<Record<keyof NotifierSettings, string>> = {
  slackWebhookUrl: "RDS_LOG_ARCHIVE_SLACK_WEBHOOK_URL",
  webhookUrl: "RDS_LOG_ARCHIVE_WEBHOOK_URL",
  webhookSecret: "RDS_LOG_ARCHIVE_WEBHOOK_SECRET",
};

/** The settings in `env`; empty values count as absent. */
export function readNotifierSettings(env: Readonly<Record<string, string | undefined>>): NotifierSettings {
  const settings: NotifierSettings = {};
  for (const [field, variable] of Object.entries(NOTIFIER_ENV) as [keyof NotifierSettings, string][]) {
    const value = env[variable]?.trim();
    if (value) settings[field] = value;
  }
  return settings;
}

/**
 * The notifiers the settings ask for. Throws `CONFIG_INVALID` naming the setting (in the surface's
 * words: `names`) and never its value: a URL that is not http(s), plain http to anything but this
 * machine (a webhook URL is a credential, not to be sent in clear), or a secret with no webhook.
 */
export function createNotifiers(
  settings: NotifierSettings,
  names: Readonly<Record<keyof NotifierSettings, string>> = NOTIFIER_ENV,
): Notifier[] {
  const notifiers: Notifier[] = [];
  if (settings.slackWebhookUrl !== undefined)
    notifiers.push(
      createSlackNotifier({ url: parseWebhookUrl(settings.slackWebhookUrl, names.slackWebhookUrl) }),
    );
  if (settings.webhookUrl !== undefined) {
    notifiers.push(
      createWebhookNotifier({
        url: parseWebhookUrl(settings.webhookUrl, names.webhookUrl),
        ...(settings.webhookSecret === undefined ? {} : { secret: settings.webhookSecret }),
      }),
    );
  } else if (settings.webhookSecret !== undefined) {
    throw new ArchiverError(
      "CONFIG_INVALID",
      `${names.webhookSecret} is set but ${names.webhookUrl} is not`,
      {
        hint: `set ${names.webhookUrl} too, or leave ${names.webhookSecret} out`,
      },
    );
  }
  return notifiers;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

function parseWebhookUrl(text: string, name: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  const usable =
    url !== undefined &&
    url.username === "" &&
    url.password === "" &&
    (url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname)));
  if (!usable) {
    throw new ArchiverError(
      "CONFIG_INVALID",
      `${name} is not an https:// URL (its value is not shown: it is a secret)`,
      {
        hint: `set ${name} to the URL the service gave, starting with https://`,
      },
    );
  }
  return url as URL;
}
