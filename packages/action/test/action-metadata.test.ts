import { readFile } from "node:fs/promises";
import { CONFIG_FIELDS, type ConfigField } from "@rds-log-archive/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ACTION_INPUTS, ACTION_OUTPUTS } from "../src/metadata/action-inputs.js";
import {
  configJsonSchema,
  README_TABLE_END,
  README_TABLE_START,
  renderActionYml,
  renderReadmeTables,
  schemaFieldPaths,
} from "../src/metadata/render-action-metadata.js";

const root = new URL("../../../", import.meta.url);
const REGENERATE = "regenerate with `npm run metadata -w @rds-log-archive/action`";

describe("action.yml", () => {
  it(`is generated from the input list and the config schema (${REGENERATE})`, async () => {
    expect(await readFile(new URL("action.yml", root), "utf8")).toBe(renderActionYml());
  });

  it("is valid YAML that runs the committed bundle on node24, through its launcher", async () => {
    const action = parse(await readFile(new URL("action.yml", root), "utf8"));
    expect(action.runs).toEqual({ using: "node24", main: "packages/action/launch.cjs" });
    expect(Object.keys(action.inputs)).toEqual(ACTION_INPUTS.map((input) => input.name));
    expect(Object.keys(action.outputs)).toEqual(ACTION_OUTPUTS.map((output) => output.name));
    for (const [name, input] of Object.entries<{ description: string }>(action.inputs)) {
      expect(input.description.length, `input ${name} has a description`).toBeGreaterThan(20);
    }
  });

  it("has an input for every config field of core's field table that names one, and a default only where declared", () => {
    for (const field of CONFIG_FIELDS as readonly ConfigField[]) {
      const input = ACTION_INPUTS.find((spec) => spec.field === field.path);
      if (field.input === undefined) expect(input, field.path).toBeUndefined();
      else expect(input, field.path).toEqual(expect.objectContaining({ name: field.input }));
      expect(input?.default, field.path).toBe(field.inputDefault);
    }
  });

  it("names only config fields that exist", () => {
    const fields = new Set(schemaFieldPaths(configJsonSchema()));
    for (const input of ACTION_INPUTS) if (input.field) expect(fields, input.name).toContain(input.field);
  });

  it(`is tabled in the README (${REGENERATE})`, async () => {
    const readme = await readFile(new URL("README.md", root), "utf8");
    const section = readme.slice(
      readme.indexOf(README_TABLE_START),
      readme.indexOf(README_TABLE_END) + README_TABLE_END.length,
    );
    expect(section).toBe(renderReadmeTables());
  });
});
