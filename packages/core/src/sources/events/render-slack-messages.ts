/**
 * The Slack messages for a run's new events: a `text` fallback (what notifications and clients
 * without blocks show) plus blocks, one section per event with its own time in the configured
 * zone and in UTC, the cluster or instance, the category, the message and, for a snapshot event,
 * the snapshot id. Every event is posted: a run with more events than one message holds is split
 * over as many messages as Slack's limits need, never folded into "+N more". The limits (Slack's
 * Block Kit reference): 50 blocks a message, 3,000 characters a section, 150 a header; and an
 * undocumented limit near 13,000 characters of markdown blocks a message (`msg_blocks_too_long`).
 */
import { createHash } from "node:crypto";
import type { OutboxEntry } from "./events-state.js";
import type { NotifierMessage } from "./notifier.js";
import { renderEventTime } from "./render-event-time.js";

const MAX_BLOCKS = 50;
const MAX_SECTION_CHARS = 3000;
const MAX_MESSAGE_CHARS = 12_000;
const MAX_HEADER_CHARS = 150;

export interface SlackRenderOptions {
  region: string;
  /** IANA time zone for the events' local time. */
  timeZone: string;
  /** The GitHub Actions run that posted, when known. */
  runUrl?: string;
}

/** One Slack message and the events it carries. */
export interface SlackMessage {
  ids: string[];
  message: NotifierMessage;
}

/** The messages for `entries`, in order; empty for none. */
export function renderSlackMessages(
  entries: readonly OutboxEntry[],
  options: SlackRenderOptions,
): SlackMessage[] {
  const sections = entries.map((entry) => ({
    id: entry.id,
    entry,
    text: renderSection(entry, options.timeZone),
  }));
  const reserved = 1 + (options.runUrl === undefined ? 0 : 1);
  const groups: (typeof sections)[] = [];
  let group: typeof sections = [];
  let chars = 0;
  for (const section of sections) {
    if (
      group.length > 0 &&
      (group.length + reserved >= MAX_BLOCKS || chars + section.text.length > MAX_MESSAGE_CHARS)
    ) {
      groups.push(group);
      group = [];
      chars = 0;
    }
    group.push(section);
    chars += section.text.length;
  }
  if (group.length > 0) groups.push(group);

  return groups.map((part, index) => {
    const counted = groups.length === 1 ? "" : ` (${index + 1}/${groups.length})`;
    const summary = `${entries.length} new RDS event${entries.length === 1 ? "" : "s"} in ${options.region}`;
    const blocks: unknown[] = [
      { type: "header", text: { type: "plain_text", text: clip(`${summary}${counted}`, MAX_HEADER_CHARS) } },
      ...part.map((s) => ({ type: "section", text: { type: "mrkdwn", text: s.text, verbatim: true } })),
    ];
    if (options.runUrl !== undefined) {
      const link = options.runUrl.replace(/[<>|]/g, encodeURIComponent);
      blocks.push({
        type: "context",
        elements: [{ type: "mrkdwn", text: `Posted by <${link}|this GitHub Actions run>` }],
      });
    }
    const text = `${summary}${counted}: ${renderCategoryCounts(part.map((s) => s.entry))}`;
    const ids = part.map((s) => s.id);
    const id = createHash("sha256").update(ids.join("\n")).digest("hex").slice(0, 32);
    return { ids, message: { id, body: JSON.stringify({ text, blocks }) } };
  });
}

/** One event's section: what and where, when, then RDS's message, cut to fit a section. */
function renderSection(entry: OutboxEntry, timeZone: string): string {
  const { event } = entry;
  const categories = event.EventCategories.length === 0 ? "event" : event.EventCategories.join(", ");
  const head = `*${escapeMrkdwn(categories)}* · ${renderSubject(entry)}`;
  const when = renderEventTime(event.Date, timeZone);
  const lead = `${head}\n${when}\n`;
  const message = escapeMrkdwn(event.Message);
  const room = MAX_SECTION_CHARS - lead.length;
  return lead + (message.length <= room ? message : `${message.slice(0, room - 1)}…`);
}

function renderSubject({ event, place }: OutboxEntry): string {
  const id = code(event.SourceIdentifier);
  const cluster = place.cluster === undefined ? undefined : code(place.cluster);
  switch (event.SourceType) {
    case "db-instance":
      return `instance ${id}${cluster === undefined ? "" : ` of cluster ${cluster}`}`;
    case "db-cluster":
      return `cluster ${id}`;
    case "db-cluster-snapshot":
      return `${cluster === undefined ? "" : `cluster ${cluster} · `}snapshot ${id}`;
    case "db-snapshot":
      return `instance ${code(place.instance)} · snapshot ${id}`;
    default:
      return `${escapeMrkdwn(event.SourceType)} ${id}`;
  }
}

/** `backup 2, failover 1`: the categories of the events in one message. */
function renderCategoryCounts(entries: readonly OutboxEntry[]): string {
  const counts = new Map<string, number>();
  for (const { event } of entries) {
    const category = event.EventCategories[0] ?? "event";
    counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  return [...counts].map(([category, n]) => `${escapeMrkdwn(category)} ${n}`).join(", ");
}

/** Slack's mrkdwn needs `&`, `<` and `>` escaped, or `<!channel>` in a message would ping a channel. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function code(text: string): string {
  return `\`${escapeMrkdwn(text).replace(/`/g, "'")}\``;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
