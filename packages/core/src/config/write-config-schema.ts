/**
 * Writes packages/core/config.schema.json, the published JSON Schema of the config file, from the
 * zod schema. Run after a build: `node packages/core/dist/config/write-config-schema.js`. A unit
 * test fails when the committed file and the schema disagree.
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { renderConfigJsonSchema } from "./config-schema.js";

// From dist/config/ (or src/config/) up to the package root.
const target = fileURLToPath(new URL("../../config.schema.json", import.meta.url));
await writeFile(target, renderConfigJsonSchema());
console.log(`wrote ${target}`);
