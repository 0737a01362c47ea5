/**
 * `rds-log-archive events` as a user runs it: the built CLI against the emulator's DescribeEvents
 * and the local Slack/webhook receiver, over several runs with new and late events arriving in
 * between, one of the runs killed while its first notification is in flight. Then everything the
 * runs left (output, reports, objects, sidecars, state) is searched for the webhook URLs and the
 * secret.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import {
  eventSpec as event,
  eventsFleet,
  type RdsEmulator,
  readFolderTexts,
  startEmulator,
  startWebhookReceiver,
  type WebhookReceiver,
} from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.js";

const CLI = fileURLToPath(new URL("../bundle/index.js", import.meta.url));
const SLACK_PATH = "/services/T0SECRET/B0SECRET/slackTokenNeverShown";
const HOOK_PATH = "/hooks/webhookPathNeverShown";
const SECRET = "whsec_c2VjcmV0LW5ldmVyLXNob3du";

let emulator: RdsEmulator;
let receiver: WebhookReceiver;
let work: string;
let env: Record<string, string>;
const outputs: string[] = [];
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "events-e2e-"));
  emulator = await startEmulator({
    pageSize: 20,
    fleet: {
      ...eventsFleet(),
      clusterSnapshots: [{ id: "rds:orders-snap", cluster: "orders", type: "automated" }],
      events: [
        event(
          "db-cluster-snapshot",
          "rds:orders-snap",
          minutesAgo(3 * 24 * 60),
          "Automated cluster snapshot created",
        ),
        event("db-instance", "orders-2", minutesAgo(2 * 24 * 60), "Multi-AZ failover completed", [
          "failover",
        ]),
        event("db-instance", "billing-1", minutesAgo(600), "not selected"),
        ...Array.from({ length: 45 }, (_, i) =>
          event(
            "db-instance",
            "orders-1",
            minutesAgo(1000 + i),
            `Finished DB instance backup ${i} <!channel>`,
          ),
        ),
      ],
    },
  });
  receiver = await startWebhookReceiver();
  env = {
    AWS_ENDPOINT_URL_RDS: emulator.endpoint,
    AWS_ACCESS_KEY_ID: "test:tester",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_REGION: "us-east-1",
    RDS_LOG_ARCHIVE_SLACK_WEBHOOK_URL: receiver.urlFor(SLACK_PATH),
    RDS_LOG_ARCHIVE_WEBHOOK_URL: receiver.urlFor(HOOK_PATH),
    RDS_LOG_ARCHIVE_WEBHOOK_SECRET: SECRET,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_REPOSITORY: "octo-org/octo-repo",
    GITHUB_RUN_ID: "4242",
  };
  await writeFile(
    path.join(work, "config.yml"),
    `targets:\n  - region: us-east-1\n    clusters: [orders]\ndestination:\n  dir: ${path.join(work, "archive")}\nnotify:\n  timeZone: Asia/Seoul\n`,
  );
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
  await rm(work, { recursive: true, force: true });
});

async function events(name: string, extra: string[] = [], withEnv = env) {
  const report = path.join(work, `${name}.json`);
  const result = await runCli(
    ["events", "--config", path.join(work, "config.yml"), "--report", report, ...extra],
    withEnv,
  );
  outputs.push(result.stdout, result.stderr);
  return { ...result, report: JSON.parse(await readFile(report, "utf8")) };
}

async function files(): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const entry of await readdir(work, { recursive: true })) {
    const info = await stat(path.join(work, entry));
    if (info.isFile()) found.set(entry, info.mtimeMs);
  }
  return found;
}

async function archivedIds(): Promise<string[]> {
  const ids: string[] = [];
  for (const entry of await readdir(path.join(work, "archive"), { recursive: true })) {
    if (!entry.endsWith(".ndjson.gz")) continue;
    const text = gunzipSync(await readFile(path.join(work, "archive", entry))).toString();
    for (const line of text.split("\n").filter(Boolean)) {
      const e = JSON.parse(line) as Record<string, unknown>;
      ids.push(`${e.SourceIdentifier} ${e.Date} ${e.Message}`);
    }
  }
  return ids.sort();
}

const webhookIds = () => receiver.postsTo(HOOK_PATH).map((p) => (p.json as { id: string }).id);

describe("rds-log-archive events", () => {
  it("archives every selected event once over runs with new and late events, and posts each once", async () => {
    const dry = await events("dry", ["--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("47 new events would be archived");
    expect(receiver.posts).toHaveLength(0);

    const first = await events("first");
    expect(first.code).toBe(0);
    expect(first.report.events.totals).toMatchObject({ new: 47, failed: 0, notifyFailed: 0 });
    expect(await archivedIds()).toHaveLength(47);
    // 47 events, at most 48 sections a message: the Slack side needs one message, the webhook 47.
    expect(receiver.postsTo(SLACK_PATH).map((p) => p.status)).toEqual([200]);
    expect(webhookIds()).toHaveLength(47);
    const slack = receiver.postsTo(SLACK_PATH)[0]?.json as {
      text: string;
      blocks: { type: string; text?: { text: string }; elements?: { text: string }[] }[];
    };
    expect(slack.text).toMatch(/^47 new RDS events in us-east-1: /);
    expect(JSON.stringify(slack)).toContain("Asia/Seoul");
    expect(JSON.stringify(slack)).not.toContain("<!channel>");
    expect(slack.blocks.at(-1)?.elements?.[0]?.text).toContain(
      "https://github.com/octo-org/octo-repo/actions/runs/4242",
    );

    emulator.events.append([
      event("db-cluster", "orders", minutesAgo(1), "DB cluster patched", ["maintenance"]),
      // Dated before the first run ended, but only now listed by RDS.
      event("db-instance", "orders-1", minutesAgo(30), "late: free storage low", ["low storage"]),
    ]);
    const second = await events("second");
    expect(second.code).toBe(0);
    expect(second.report.events.items.map((i: { message: string }) => i.message)).toEqual([
      "late: free storage low",
      "DB cluster patched",
    ]);
    expect(webhookIds()).toHaveLength(49);

    const before = await files();
    const third = await events("third");
    expect(third.code).toBe(0);
    expect(third.report.events.totals).toMatchObject({ new: 0, objects: 0, notified: 0 });
    const after = await files();
    after.delete("third.json");
    before.delete("third.json");
    expect(after).toEqual(before);
    expect(new Set(webhookIds()).size).toBe(49);
    expect(await archivedIds()).toHaveLength(49);
  });

  it("after a kill while a post is in flight, re-sends that post once and never again", async () => {
    emulator.events.append([
      event("db-cluster", "orders", minutesAgo(1), "DB cluster stopped", ["notification"]),
    ]);
    // Slack holds the post unanswered; the run is killed while it waits.
    receiver.script(SLACK_PATH, { kind: "stall" });
    const slackBefore = receiver.postsTo(SLACK_PATH).length;
    const child = spawn(process.execPath, [CLI, "events", "--config", path.join(work, "config.yml")], {
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const exited = new Promise((resolve) => child.on("close", resolve));
    await expect
      .poll(() => receiver.postsTo(SLACK_PATH).length, { timeout: 30_000, interval: 50 })
      .toBe(slackBefore + 1);
    child.kill("SIGKILL");
    await exited;
    outputs.push(output);

    const resumed = await events("resumed");
    expect(resumed.code).toBe(0);
    expect(resumed.report.events.totals).toMatchObject({ new: 0, notified: 2 });
    await events("after-resume");
    const stopped = receiver.posts.filter((p) => JSON.stringify(p.json ?? "").includes("DB cluster stopped"));
    // Slack: the killed run's post and its one re-send; the webhook: once.
    expect(stopped.filter((p) => p.path === SLACK_PATH)).toHaveLength(2);
    expect(stopped.filter((p) => p.path === HOOK_PATH)).toHaveLength(1);
    expect(await archivedIds()).toHaveLength(50);
  });

  it("exits 1 when Slack refuses, exit 2 for a webhook URL that is not https, naming the variable only", async () => {
    emulator.events.append([
      event("db-cluster", "orders", minutesAgo(1), "DB cluster started", ["notification"]),
    ]);
    receiver.script(SLACK_PATH, { kind: "slack-error", error: "invalid_payload" });
    const refused = await events("refused");
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("NOTIFY_FAILED: the Slack webhook: HTTP 400 invalid_payload");
    expect((await events("retried")).code).toBe(0);

    const insecure = await runCli(["events", "--config", path.join(work, "config.yml")], {
      ...env,
      RDS_LOG_ARCHIVE_WEBHOOK_URL: "http://hooks.example.com/hooks/webhookPathNeverShown",
    });
    outputs.push(insecure.stdout, insecure.stderr);
    expect(insecure.code).toBe(2);
    expect(insecure.stderr).toContain("RDS_LOG_ARCHIVE_WEBHOOK_URL is not an https:// URL");
  });

  it("has its permissions in iam-policy: asked for, or implied by a config that notifies", async () => {
    const sids = async (args: string[]) => {
      const result = await runCli(["iam-policy", ...args, "--account-id", "123456789012"], {});
      expect(result.code, result.stderr).toBe(0);
      return (JSON.parse(result.stdout).sourcePolicy.Statement as { Sid: string }[]).map((s) => s.Sid);
    };
    const flags = ["--region", "us-east-1", "--cluster", "orders", "--dest", path.join(work, "x")];
    expect(await sids(flags)).not.toContain("ReadEvents");
    expect(await sids([...flags, "--events"])).toEqual(
      expect.arrayContaining(["ReadEvents", "AttributeSnapshotEvents"]),
    );
    expect(await sids(["--config", path.join(work, "config.yml")])).toContain("ReadEvents");
  });

  it("leaves the webhook URLs and the secret nowhere: output, reports, objects, sidecars, state", async () => {
    const secrets = [
      SLACK_PATH,
      HOOK_PATH,
      "slackTokenNeverShown",
      "webhookPathNeverShown",
      SECRET,
      receiver.url,
    ];
    const texts = [...outputs, ...(await readFolderTexts(work, (entry) => entry === "config.yml"))];
    // The scan reads what it should: the runs' output, the archived NDJSON, the state.
    for (const canary of ["new events archived", '"Message":"Finished DB instance backup', '"outbox"'])
      expect(texts.some((text) => text.includes(canary))).toBe(true);
    for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
