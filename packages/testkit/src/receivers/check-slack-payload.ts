/**
 * What Slack's incoming webhooks refuse, as a pure check: the error string Slack would answer,
 * or undefined when it would post the message. Limits: at most 50 blocks; a section's text at
 * most 3,000 characters (each of at most 10 fields 2,000); a header's plain text at most 150;
 * a message needs `text`, `blocks` or `attachments` (a `text` fallback is expected with blocks).
 */

export const SLACK_ERROR_STATUS = {
  invalid_payload: 400,
  no_text: 400,
  invalid_blocks: 400,
  user_not_found: 400,
  invalid_token: 403,
  action_prohibited: 403,
  channel_not_found: 404,
  channel_is_archived: 410,
  rollup_error: 500,
} as const;
export type SlackError = keyof typeof SLACK_ERROR_STATUS;

const MAX_BLOCKS = 50;
const MAX_SECTION_TEXT = 3000;
const MAX_SECTION_FIELDS = 10;
const MAX_FIELD_TEXT = 2000;
const MAX_HEADER_TEXT = 150;
const MAX_CONTEXT_ELEMENTS = 10;
const KNOWN_BLOCKS = new Set([
  "section",
  "header",
  "context",
  "divider",
  "actions",
  "image",
  "rich_text",
  "input",
]);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const textOf = (value: unknown) =>
  isObject(value) && typeof value.text === "string" ? value.text : undefined;

/** The error Slack would answer for this parsed body (undefined: it would be posted). */
export function checkSlackPayload(payload: unknown): SlackError | undefined {
  if (!isObject(payload)) return "invalid_payload";
  const { text, blocks, attachments } = payload;
  const hasText = typeof text === "string" && text.trim() !== "";
  if (blocks !== undefined && !Array.isArray(blocks)) return "invalid_blocks";
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  if (!hasText && !hasBlocks && !Array.isArray(attachments)) return "no_text";
  if (Array.isArray(blocks)) {
    if (blocks.length > MAX_BLOCKS) return "invalid_blocks";
    if (!blocks.every(validBlock)) return "invalid_blocks";
  }
  return undefined;
}

function validBlock(block: unknown): boolean {
  if (!isObject(block) || typeof block.type !== "string" || !KNOWN_BLOCKS.has(block.type)) return false;
  switch (block.type) {
    case "section": {
      const text = textOf(block.text);
      const fields = block.fields;
      if (text === undefined && !Array.isArray(fields)) return false;
      if (text !== undefined && (text.length === 0 || text.length > MAX_SECTION_TEXT)) return false;
      if (fields === undefined) return true;
      if (!Array.isArray(fields) || fields.length > MAX_SECTION_FIELDS) return false;
      return fields.every((f) => {
        const t = textOf(f);
        return t !== undefined && t.length > 0 && t.length <= MAX_FIELD_TEXT;
      });
    }
    case "header": {
      const text = textOf(block.text);
      return (
        isObject(block.text) &&
        block.text.type === "plain_text" &&
        text !== undefined &&
        text.length > 0 &&
        text.length <= MAX_HEADER_TEXT
      );
    }
    case "context":
      return (
        Array.isArray(block.elements) &&
        block.elements.length > 0 &&
        block.elements.length <= MAX_CONTEXT_ELEMENTS
      );
    default:
      return true;
  }
}
