// What `ajv validate -s SCHEMA -d FILES` does for YAML, in one process: ajv-cli reads each data
// file with js-yaml (its default schema) and validates it with Ajv. The benchmark's Ajv row, as
// a user would run it (tests/schema/validate.mjs reads YAML 1.2 with the slower `yaml` package,
// which the schema tests need so that dates stay strings). Prints the count of invalid files;
// js-yaml turns unquoted dates into Date objects, so most files fail the string patterns, as
// they would under ajv-cli: the time is what is measured.
// Usage: node ajv-cli.mjs SCHEMAS_DIR DIR   (run with tests/schema/node_modules resolvable)
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(path.resolve(process.argv[4] || "tests/schema", "package.json"));
const Ajv2020 = require("ajv/dist/2020.js");
const yaml = require("js-yaml");
const [schemasDir, dir] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
const validators = new Map();
for (const name of fs.readdirSync(schemasDir)) {
  if (name.endsWith(".schema.json")) {
    validators.set(name.replace(".schema.json", ""),
                   ajv.compile(JSON.parse(fs.readFileSync(path.join(schemasDir, name), "utf8"))));
  }
}
const files = [];
(function walk(p) {
  for (const e of fs.readdirSync(p, { withFileTypes: true })) {
    if (e.name.startsWith(".")) continue;
    const full = path.join(p, e.name);
    if (e.isDirectory()) walk(full); else if (/\.ya?ml$/.test(e.name)) files.push(full);
  }
})(dir);
let invalid = 0;
for (const f of files) {
  const data = yaml.load(fs.readFileSync(f, "utf8"));
  const validate = validators.get(data && data.kind);
  if (!validate || !validate(data)) invalid++;
}
console.log(`${files.length} files, ${invalid} invalid`);
