import { describe, expect, it } from "vitest";
import { CONFIG_FIELDS, type ConfigField } from "./config-fields.js";
import { renderConfigJsonSchema } from "./config-schema.js";
import { renderConfigFieldNames, renderSettingNames } from "./render-config-field-names.js";

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/** Every field path of the JSON Schema, parents included (`targets`, `targets[].region`, …). */
function schemaPaths(node: SchemaNode, base = ""): string[] {
  return Object.entries(node.properties ?? {}).flatMap(([name, child]) => [
    `${base}${name}`,
    ...schemaPaths(child, `${base}${name}.`),
    ...(child.items ? schemaPaths(child.items, `${base}${name}[].`) : []),
  ]);
}

const fields = CONFIG_FIELDS as readonly ConfigField[];

describe("CONFIG_FIELDS", () => {
  it("has one entry for every field of the schema, and none for a field it lacks", () => {
    const schema = schemaPaths(JSON.parse(renderConfigJsonSchema()));
    expect(fields.map((field) => field.path).sort()).toEqual([...schema].sort());
  });

  it("gives every field a flag or a reason, and an input or a reason; a flag has a help line", () => {
    for (const field of fields) {
      expect(field.flag !== undefined || field.noFlag !== undefined, field.path).toBe(true);
      expect(field.input !== undefined || field.noInput !== undefined, field.path).toBe(true);
      if (field.flag !== undefined) {
        expect(field.help, field.path).toMatch(/\S/);
        expect(field.section, field.path).toBeDefined();
      }
    }
    const flags = fields.flatMap((field) => (field.flag === undefined ? [] : [field.flag]));
    const inputs = fields.flatMap((field) => (field.input === undefined ? [] : [field.input]));
    expect(new Set(flags).size).toBe(flags.length);
    expect(new Set(inputs).size).toBe(inputs.length);
  });
});

describe("renderConfigFieldNames", () => {
  it("names each issue path by the surface's name, covered paths and the fields set by others included", () => {
    const names = renderConfigFieldNames((field) =>
      field.flag === undefined ? undefined : `--${field.flag}`,
    );
    expect(names).toMatchObject({
      "targets.region": "--region",
      "destination.sse": "--sse",
      "destination.bucket": "--dest",
      "destination.prefix": "--dest",
      targets: "--cluster, --instance or --all",
    });
    expect(names).not.toHaveProperty("destination.endpoint");
  });
});

describe("renderSettingNames", () => {
  it("names the settings a hint quotes by their config path, and leaves other quotes alone", () => {
    const byInput = (field: ConfigField) =>
      field.input === undefined ? undefined : `input "${field.input}"`;
    expect(
      renderSettingNames("lower `concurrency`; clusters go in `targets[].clusters`; see `gh api`", byInput),
    ).toBe('lower input "concurrency"; clusters go in input "clusters"; see `gh api`');
    expect(renderSettingNames("set `destination.endpoint`", byInput)).toBe("set `destination.endpoint`");
  });
});
