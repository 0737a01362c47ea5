/**
 * Writes config.schema.json into the package: the config's JSON Schema as core renders it, with
 * the stable `$id` that editors are told to use. Run by the build, after core is built.
 */
import { writeFile } from "node:fs/promises";
import { renderConfigJsonSchema } from "@rds-log-archive/core";

/** Where the published schema lives for every 1.x release; the README points editors here. */
const CONFIG_SCHEMA_ID = "https://unpkg.com/rds-log-archive@1/config.schema.json";

const rendered = renderConfigJsonSchema();
const opening = '{\n  "$schema": "http://json-schema.org/draft-07/schema#",\n';
if (!rendered.startsWith(opening))
  throw new Error(`unexpected start of the config schema: ${rendered.slice(0, 80)}`);
const text = `${opening}  "$id": ${JSON.stringify(CONFIG_SCHEMA_ID)},\n${rendered.slice(opening.length)}`;
await writeFile(new URL("../config.schema.json", import.meta.url), text);
