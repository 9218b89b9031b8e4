// Validate every JSON file of an export with ajv (JSON Schema draft 2020-12 + formats).
// Usage: node validate.mjs EXPORT_DIR
// Uses the schemas published inside the export (EXPORT_DIR/schema/), as an app would.
// Prints a JSON summary; exit status 1 when any file is invalid, 2 on a usage error.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node validate.mjs EXPORT_DIR");
  process.exit(2);
}
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const monographSchema = readJson(join(dir, "schema", "monograph.schema.json"));
const exportSchema = readJson(join(dir, "schema", "export.schema.json"));

const ajv = new Ajv2020({ allErrors: true, strictTypes: true, strictTuples: true });
addFormats(ajv);
ajv.addKeyword({ keyword: "version", schemaType: "string" }); // our schemas state their version
ajv.addSchema(monographSchema);
ajv.addSchema(exportSchema);
const validator = (name) => ajv.getSchema(`${exportSchema.$id}#/$defs/${name}`);
const checks = { index: validator("index"), meta: validator("meta"), file: validator("monographFile") };
if (!ajv.validateSchema(exportSchema)) throw new Error(ajv.errorsText(ajv.errors));

const errors = [];
let validated = 0;
function check(validate, data, name) {
  validated += 1;
  if (!validate(data)) errors.push({ file: name, errors: validate.errors.slice(0, 5) });
}
check(checks.index, readJson(join(dir, "index.json")), "index.json");
check(checks.meta, readJson(join(dir, "meta.json")), "meta.json");
for (const name of readdirSync(join(dir, "monographs")).sort()) {
  check(checks.file, readJson(join(dir, "monographs", name)), `monographs/${name}`);
}
const lines = readFileSync(join(dir, "monographs.ndjson"), "utf8").split("\n");
if (lines.pop() !== "") errors.push({ file: "monographs.ndjson", errors: ["no final newline"] });
lines.forEach((line, i) => check(checks.file, JSON.parse(line), `monographs.ndjson:${i + 1}`));

console.log(JSON.stringify({ validated, errors }, null, 2));
process.exit(errors.length ? 1 : 0);
