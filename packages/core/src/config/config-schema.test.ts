import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { KEY_PLACEHOLDERS } from "../keys/key-placeholders.js";
import { renderConfigJsonSchema } from "./config-schema.js";

const committedPath = new URL("../../config.schema.json", import.meta.url);

describe("config.schema.json", () => {
  it("is what the zod schema generates now (regenerate with write-config-schema after a build)", async () => {
    const committed = await readFile(committedPath, "utf8");
    expect(committed).toBe(renderConfigJsonSchema());
  });

  it("describes every field and leaves fields with defaults optional", () => {
    const schema = JSON.parse(renderConfigJsonSchema());
    expect(schema.required).toEqual(["targets", "destination"]);
    expect(schema.properties.targets.items.required).toEqual(["region"]);
    expect(schema.properties.destination.required).toBeUndefined();
    const objects = [schema, schema.properties.targets.items, schema.properties.destination];
    for (const object of objects) {
      for (const [name, property] of Object.entries<{ description?: string }>(object.properties)) {
        expect(property.description, name).toMatch(/\S/);
      }
    }
    expect(schema.properties.settle.default).toBe("5m");
    expect(schema.properties.concurrency.default).toBe(4);
    expect(schema.properties.failOnGap.default).toBe(true);
    expect(schema.properties.destination.properties.keyTemplate.description).toContain(
      KEY_PLACEHOLDERS.map((name) => `{${name}}`).join(" "),
    );
  });
});
