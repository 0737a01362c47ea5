import { renderConfigJsonSchema } from "@rds-log-archive/core";
import { ACTION_INPUTS, ACTION_OUTPUTS, type ActionInputSpec } from "./action-inputs.js";

interface SchemaNode {
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/** The config schema's node at `field` (`a.b`, with `[]` for array items), or undefined. */
function schemaNodeAt(schema: SchemaNode, field: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = schema;
  for (const part of field.split(".")) {
    const name = part.endsWith("[]") ? part.slice(0, -2) : part;
    node = node?.properties?.[name];
    if (part.endsWith("[]")) node = node?.items;
  }
  return node;
}

/** Every field path in the config schema, parents included (`targets`, `targets[].region`, …). */
export function schemaFieldPaths(schema: SchemaNode, base = ""): string[] {
  const paths: string[] = [];
  for (const [name, node] of Object.entries(schema.properties ?? {})) {
    const path = `${base}${name}`;
    paths.push(path);
    if (node.properties) paths.push(...schemaFieldPaths(node, `${path}.`));
    if (node.items?.properties) paths.push(...schemaFieldPaths(node.items, `${path}[].`));
  }
  return paths;
}

export function configJsonSchema(): SchemaNode {
  return JSON.parse(renderConfigJsonSchema()) as SchemaNode;
}

/** An input's description: its own text, or the schema's for its field with its own text after. */
export function inputDescription(input: ActionInputSpec, schema: SchemaNode): string {
  if (input.field === undefined) return input.description ?? "";
  const fromSchema = schemaNodeAt(schema, input.field)?.description;
  if (fromSchema === undefined) throw new Error(`input ${input.name}: no config field ${input.field}`);
  return input.description === undefined ? fromSchema : `${fromSchema} ${input.description}`;
}

const HEADER = `# Generated from packages/action/src/metadata/action-inputs.ts and the config schema; edit those,
# then run \`npm run metadata -w @rds-log-archive/action\`. A test fails when this file is stale.
`;

/** The root action.yml. Strings are JSON-quoted, which YAML reads as double-quoted scalars. */
export function renderActionYml(schema: SchemaNode = configJsonSchema()): string {
  const q = (text: string) => JSON.stringify(text);
  const lines = [
    HEADER.trimEnd(),
    "name: rds-log-archive",
    `description: ${q("Archive Amazon RDS and Aurora log files to S3, compressed, exactly once: every log file version, with gaps reported.")}`,
    "author: rds-log-archive",
    "branding:",
    "  icon: archive",
    "  color: blue",
    "inputs:",
  ];
  for (const input of ACTION_INPUTS) {
    lines.push(
      `  ${input.name}:`,
      `    description: ${q(inputDescription(input, schema))}`,
      "    required: false",
    );
    if (input.default !== undefined) lines.push(`    default: ${q(input.default)}`);
  }
  lines.push("outputs:");
  for (const output of ACTION_OUTPUTS) {
    lines.push(`  ${output.name}:`, `    description: ${q(output.description)}`);
  }
  lines.push("runs:", "  using: node24", "  main: packages/action/launch.cjs", "");
  return lines.join("\n");
}

export const README_TABLE_START = "<!-- action-inputs:start (generated from action.yml) -->";
export const README_TABLE_END = "<!-- action-inputs:end -->";

/** The README's inputs and outputs tables, between their markers. */
export function renderReadmeTables(schema: SchemaNode = configJsonSchema()): string {
  // Descriptions are plain text: a "<run id>" must show, not open an HTML tag.
  const cell = (text: string) =>
    text.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, " ");
  const rows = ACTION_INPUTS.map(
    (input) =>
      `| \`${input.name}\` | ${input.default === undefined ? "" : `\`${input.default}\``} | ${cell(inputDescription(input, schema))} |`,
  );
  const outputs = ACTION_OUTPUTS.map((output) => `| \`${output.name}\` | ${cell(output.description)} |`);
  return [
    README_TABLE_START,
    "| Input | Default | Description |",
    "| --- | --- | --- |",
    ...rows,
    "",
    "| Output | Description |",
    "| --- | --- |",
    ...outputs,
    README_TABLE_END,
  ].join("\n");
}

/** `readme` with its generated section replaced by `tables`. */
export function replaceReadmeTables(readme: string, tables: string): string {
  const start = readme.indexOf(README_TABLE_START);
  const end = readme.indexOf(README_TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`README.md has no ${README_TABLE_START} … ${README_TABLE_END} section`);
  return readme.slice(0, start) + tables + readme.slice(end + README_TABLE_END.length);
}
