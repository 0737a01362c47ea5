/**
 * Writes the root action.yml and the README's inputs tables from the input list and the config
 * schema. Run `npm run metadata -w @rds-log-archive/action`; a test fails when either is stale.
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { renderActionYml, renderReadmeTables, replaceReadmeTables } from "./render-action-metadata.js";

// From lib/metadata/ (or src/metadata/) up to the repository root.
const root = new URL("../../../../", import.meta.url);
const actionYml = fileURLToPath(new URL("action.yml", root));
const readme = fileURLToPath(new URL("README.md", root));

await writeFile(actionYml, renderActionYml());
await writeFile(readme, replaceReadmeTables(await readFile(readme, "utf8"), renderReadmeTables()));
console.log(`wrote ${actionYml} and the inputs tables in ${readme}`);
