import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isArchiverError } from "../errors.js";
import { parseConfig } from "./parse-config.js";
import { readConfigFile } from "./read-config-file.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "read-config-file-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text, "utf8");
  return path;
}

async function failure(path: string): Promise<Error> {
  const error = await readConfigFile(path).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isArchiverError(error)) throw new Error(`expected an ArchiverError, got ${String(error)}`);
  expect(error.code).toBe("CONFIG_INVALID");
  return error;
}

describe("readConfigFile", () => {
  it("reads YAML with Japanese text, and the result parses", async () => {
    const path = await file(
      "監査.yml",
      [
        "# 本番クラスタの監査ログを保管する",
        "targets:",
        "  - region: ap-northeast-1",
        "    clusters: [honban-aurora]",
        "    logTypes: audit/*, error/*",
        "destination:",
        "  dir: ./ログ保管",
        "  prefix: 監査ログ",
        "dryRun: true",
        "",
      ].join("\n"),
    );
    const raw = await readConfigFile(path);
    expect(raw).toEqual({
      targets: [{ region: "ap-northeast-1", clusters: ["honban-aurora"], logTypes: "audit/*, error/*" }],
      destination: { dir: "./ログ保管", prefix: "監査ログ" },
      dryRun: true,
    });
    const result = parseConfig(raw, new Date("2026-11-22T00:00:00Z"));
    expect(result.ok && result.config.destination.prefix).toBe("監査ログ/");
  });

  it("reads JSON and .yaml", async () => {
    expect(await readConfigFile(await file("c.json", '{ "settle": "10m" }'))).toEqual({ settle: "10m" });
    expect(await readConfigFile(await file("c.yaml", "settle: 10m\n"))).toEqual({ settle: "10m" });
  });

  it("names the file and the line of a YAML syntax error", async () => {
    const path = await file(
      "broken.yml",
      "targets:\n  - region: us-east-1\n    clusters: [a, b\ndestination: {}\n",
    );
    const error = await failure(path);
    expect(error.message).toMatch(
      new RegExp(`^config file ${path.replaceAll("\\", "\\\\")}: YAML syntax error at line 4`),
    );
  });

  it("reports a duplicated YAML key at its line", async () => {
    const error = await failure(await file("dup.yml", "settle: 5m\ndryRun: true\nsettle: 10m\n"));
    expect(error.message).toMatch(
      /dup\.yml: YAML syntax error at line 3, column 1: Map keys must be unique$/,
    );
  });

  it("names the file and the line of a JSON syntax error", async () => {
    const error = await failure(await file("broken.json", '{\n  "settle": "5m",\n}\n'));
    expect(error.message).toMatch(/broken\.json: JSON syntax error at line 3: /);
  });

  it("refuses a document that is not an object", async () => {
    const error = await failure(await file("list.yml", "- a\n- b\n"));
    expect(error.message).toMatch(/list\.yml: expected an object at the top level/);
    await failure(await file("empty.yml", ""));
  });

  it("refuses an unknown extension, with a hint", async () => {
    const error = await failure(await file("config.toml", "settle = '5m'\n"));
    expect(error.message).toMatch(/config\.toml: unknown format/);
    expect((error as { hint?: string }).hint).toBe("name it .yml, .yaml or .json");
  });

  it("names a file that cannot be read", async () => {
    const path = join(dir, "missing.yml");
    const error = await failure(path);
    expect(error.message).toContain(`config file ${path}: cannot read it`);
    expect(error.cause).toMatchObject({ code: "ENOENT" });
  });
});
