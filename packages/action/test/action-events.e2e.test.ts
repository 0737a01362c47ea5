/**
 * `command: events` in the committed bundle, run as the runner runs it, against the emulator's
 * DescribeEvents, the local Slack/webhook receiver and the local GitHub REST stand-in: events
 * archived into a folder, notifications posted once, one issue for a cluster that does not exist
 * (updated, not duplicated, by the next run), and every trace the runs leave searched for the
 * webhook URLs and the secret.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  eventSpec,
  eventsFleet,
  type GitHubApi,
  type RdsEmulator,
  readFolderTexts,
  startEmulator,
  startGitHubApi,
  startWebhookReceiver,
  type WebhookReceiver,
} from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ActionRun, maskedValues, runAction } from "./support/run-action.js";

const SLACK_PATH = "/services/TSECRET/BSECRET/slackTokenNeverShown";
const HOOK_PATH = "/hooks/webhookPathNeverShown";
const SECRET = "whsec_c2VjcmV0LW5ldmVyLXNob3du";
const TOKEN = "ghs_jobTokenNeverShown";
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

let emulator: RdsEmulator;
let receiver: WebhookReceiver;
let github: GitHubApi;
let work: string;
const runs: ActionRun[] = [];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "action-events-"));
  emulator = await startEmulator({
    fleet: {
      ...eventsFleet(),
      clusterSnapshots: [{ id: "rds:orders-snap", cluster: "orders", type: "automated" }],
      events: [
        eventSpec(
          "db-cluster-snapshot",
          "rds:orders-snap",
          minutesAgo(600),
          "Automated cluster snapshot created",
        ),
        eventSpec("db-instance", "orders-1", minutesAgo(300), "Multi-AZ failover completed <!here>", [
          "failover",
        ]),
        eventSpec("db-cluster", "orders", minutesAgo(200), "DB cluster parameter changed", [
          "configuration change",
        ]),
      ],
    },
  });
  receiver = await startWebhookReceiver();
  github = await startGitHubApi({
    repos: ["octo-org/octo-repo"],
    tokens: [{ token: TOKEN, issues: "write" }],
  });
}, 60_000);

afterAll(async () => {
  await emulator?.close();
  await receiver?.close();
  await github?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

async function runEvents(): Promise<ActionRun> {
  const run = await runAction(
    {
      command: "events",
      clusters: "orders, missing-cluster",
      destination: path.join(work, "archive"),
      "notify-time-zone": "Asia/Seoul",
      "slack-webhook-url": receiver.urlFor(SLACK_PATH),
      "webhook-url": receiver.urlFor(HOOK_PATH),
      "webhook-secret": SECRET,
      "issue-on-problem": "true",
      "github-token": TOKEN,
    },
    {
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL_RDS: emulator.endpoint,
      AWS_ACCESS_KEY_ID: "test:tester",
      AWS_SECRET_ACCESS_KEY: "testing",
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: "https://github.com",
    },
  );
  runs.push(run);
  return run;
}

describe("command: events in the bundle", () => {
  it("archives the events, posts the new ones once, and opens one issue for the missing cluster", async () => {
    const first = await runEvents();
    // The missing cluster fails the step; the events of the other are archived and posted.
    expect(first.code, first.stdout).toBe(1);
    // Two of the three are in the notified categories, each posted to both channels.
    expect(first.outputs).toMatchObject({
      "archived-count": "3",
      "notified-count": "4",
      "failed-count": "1",
    });
    expect(receiver.postsTo(SLACK_PATH)).toHaveLength(1);
    expect(receiver.postsTo(HOOK_PATH)).toHaveLength(2);
    const slack = JSON.stringify(receiver.postsTo(SLACK_PATH)[0]?.json);
    expect(slack).toContain("https://github.com/octo-org/octo-repo/actions/runs/4242");
    expect(slack).toContain("snapshot `rds:orders-snap`");
    expect(first.summary).toContain("## RDS events archive");
    expect(first.summary).toContain("[This run](https://github.com/octo-org/octo-repo/actions/runs/4242)");
    expect(first.summary).toContain("By category: backup 1, configuration change 1, failover 1.");
    expect(first.stdout).toMatch(/^::error title=Could not archive cluster missing-cluster in us-east-1::/m);

    const issues = github.issues("octo-org/octo-repo");
    expect(issues).toHaveLength(1);
    expect(issues[0]?.title).toBe("rds-log-archive could not archive cluster missing-cluster in us-east-1");
    expect(issues[0]?.body).toMatch(/<!-- rds-log-archive:problem:[0-9a-f]{24} -->/);

    const second = await runEvents();
    expect(second.outputs).toMatchObject({ "archived-count": "0", "notified-count": "0" });
    expect(receiver.posts).toHaveLength(3);
    expect(github.issues("octo-org/octo-repo")).toHaveLength(1);
    expect(github.requests.filter((r) => r.method === "PATCH")).toHaveLength(1);
  });

  it("masks the webhook inputs and the secret, and leaves them nowhere: log, summary, annotations, outputs, report, archive, state, issues", async () => {
    const secrets = [
      SLACK_PATH,
      HOOK_PATH,
      "slackTokenNeverShown",
      "webhookPathNeverShown",
      SECRET,
      TOKEN,
      receiver.url,
    ];
    const texts: string[] = [];
    for (const run of runs) {
      const masked = maskedValues(run.stdout);
      for (const secret of [receiver.urlFor(SLACK_PATH), receiver.urlFor(HOOK_PATH), SECRET])
        expect(masked).toContain(secret);
      // The runner hides ::add-mask:: commands themselves; everything else of the log is shown.
      texts.push(
        run.stdout.replace(/^::add-mask::.+$/gm, ""),
        run.stderr,
        run.summary,
        JSON.stringify(run.outputs),
      );
      texts.push(await readFile(run.outputs["report-path"] ?? "", "utf8"));
    }
    texts.push(...(await readFolderTexts(work)));
    for (const issue of github.issues("octo-org/octo-repo")) texts.push(issue.title, issue.body ?? "");
    // The search covers what it should: the log, the archived events, the state and the issue.
    for (const canary of [
      "::error title=",
      '"Message":"Automated cluster snapshot created"',
      '"checkpoints"',
      "missing-cluster",
    ])
      expect(
        texts.some((text) => text.includes(canary)),
        canary,
      ).toBe(true);
    for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
