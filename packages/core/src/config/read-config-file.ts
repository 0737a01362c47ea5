import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { ArchiverError } from "../errors.js";

const FORMATS: Record<string, "yaml" | "json"> = { ".yml": "yaml", ".yaml": "yaml", ".json": "json" };

/**
 * Reads a config file as YAML (`.yml`, `.yaml`) or JSON (`.json`) and returns the raw object, for
 * `parseConfig` to validate. Failures name the file, and syntax errors the line and column.
 *
 * @throws {ArchiverError} `CONFIG_INVALID` for an unknown extension, an unreadable file, a syntax
 *   error, or a document that is not an object.
 */
export async function readConfigFile(path: string): Promise<Record<string, unknown>> {
  const format = FORMATS[extname(path).toLowerCase()];
  if (format === undefined) {
    throw new ArchiverError("CONFIG_INVALID", `config file ${path}: unknown format`, {
      hint: "name it .yml, .yaml or .json",
    });
  }
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new ArchiverError(
      "CONFIG_INVALID",
      `config file ${path}: cannot read it (${(cause as Error).message})`,
      {
        cause,
      },
    );
  }
  const value = format === "yaml" ? await parseYamlText(path, text) : parseJsonText(path, text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ArchiverError("CONFIG_INVALID", `config file ${path}: expected an object at the top level`);
  }
  return value as Record<string, unknown>;
}

/** The YAML parser is imported only for a YAML file, to keep it off every other start. */
async function parseYamlText(path: string, text: string): Promise<unknown> {
  const { parse: parseYaml, YAMLParseError } = await import("yaml");
  try {
    // YAML 1.2 core schema (the default): `on`/`yes` stay strings, unlike YAML 1.1.
    return parseYaml(text, { prettyErrors: true });
  } catch (cause) {
    if (cause instanceof YAMLParseError) {
      const where = cause.linePos?.[0];
      const at = where === undefined ? "" : ` at line ${where.line}, column ${where.col}`;
      // yaml's message is "<reason> at line L, column C:" and then a source excerpt; keep the reason.
      const reason = (cause.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
      throw new ArchiverError("CONFIG_INVALID", `config file ${path}: YAML syntax error${at}: ${reason}`, {
        cause,
      });
    }
    throw cause;
  }
}

function parseJsonText(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    // JSON.parse reports a character offset (Node 20) or a line and column (newer V8); give a line.
    const message = (cause as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const line =
      /line (\d+)/.exec(message)?.[1] ??
      (position === undefined ? undefined : lineAt(text, Number(position)));
    const at = line === undefined ? "" : ` at line ${line}`;
    throw new ArchiverError("CONFIG_INVALID", `config file ${path}: JSON syntax error${at}: ${message}`, {
      cause,
    });
  }
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split("\n").length;
}
