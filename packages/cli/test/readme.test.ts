/**
 * The README as users read it (it is also the npm package's page): it opens with the two
 * commands that work in a fresh clone, its config example is one the schema accepts, and its
 * exit codes are the ones the command returns.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseConfig, readConfigFile } from "@rds-log-archive/core";
import { describe, expect, it } from "vitest";
import { EXIT } from "../src/exit-codes.js";

const readme = await readFile(new URL("../../../README.md", import.meta.url), "utf8");

/** The text between `<!-- NAME:start … -->` and `<!-- NAME:end -->`. */
function section(name: string): string {
  const start = readme.indexOf(`<!-- ${name}:start`);
  const end = readme.indexOf(`<!-- ${name}:end -->`);
  expect(start, `README has a ${name} section`).toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  return readme.slice(readme.indexOf("\n", start) + 1, end);
}

describe("README.md", () => {
  it("opens with the two commands: the demo, then the whole suite, each installing what it needs", () => {
    const [title, , fence, first, second, close] = readme.split("\n");
    expect(title).toBe("# rds-log-archive");
    expect(fence).toBe("```sh");
    expect(first).toMatch(/^npm ci && npm run demo +# /);
    expect(second).toMatch(/^npm ci && npm test +# /);
    expect(close).toBe("```");
  });

  it("gives a config example that the schema accepts, with the schema's URL for editors", async () => {
    const example = section("config-example");
    const yaml = example.replace(/^```yaml\n/, "").replace(/```\n$/, "");
    expect(yaml).toContain(
      "# yaml-language-server: $schema=https://unpkg.com/rds-log-archive@1/config.schema.json",
    );
    const dir = await mkdtemp(path.join(tmpdir(), "readme-config-"));
    try {
      const file = path.join(dir, "archive.yml");
      await writeFile(file, yaml);
      const parsed = parseConfig(await readConfigFile(file), new Date());
      expect(parsed.ok ? [] : parsed.issues).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("lists the exit codes the command returns, and no other", () => {
    const table = readme.slice(readme.indexOf("## Exit codes"));
    const codes = [...table.matchAll(/^\| `(\d+)` \|/gm)].map(([, code]) => Number(code));
    expect(codes).toEqual(Object.values(EXIT));
  });
});
