// Validates YAML files against qicase's JSON Schemas (draft 2020-12) with Ajv, reading YAML 1.2
// (the `yaml` package's default core schema: 2024-03-04 stays a string, unlike js-yaml's
// default). Usage: node validate.mjs [--pending KIND,...] SCHEMAS_DIR FILE_OR_DIR...
// Every file must name a kind that has a schema, except the --pending kinds (kinds qicase does
// not validate yet, listed as skipped). Prints one line per file; exits 1 if any file fails.
import fs from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import YAML from "yaml";

let argv = process.argv.slice(2);
let pending = new Set();
if (argv[0] === "--pending") {
  pending = new Set(argv[1].split(","));
  argv = argv.slice(2);
}
const [schemasDir, ...targets] = argv;
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validators = new Map();
for (const name of fs.readdirSync(schemasDir)) {
  if (!name.endsWith(".schema.json")) continue;
  const schema = JSON.parse(fs.readFileSync(path.join(schemasDir, name), "utf8"));
  validators.set(name.replace(".schema.json", ""), ajv.compile(schema));
}

function walk(p, out) {
  const st = fs.statSync(p);
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(p).sort()) {
      if (!name.startsWith(".")) walk(path.join(p, name), out);
    }
  } else if (/\.ya?ml$/.test(p)) {
    out.push(p);
  }
}

const files = [];
for (const t of targets) walk(t, files);
let failed = 0;
let skipped = 0;
for (const file of files) {
  const doc = YAML.parse(fs.readFileSync(file, "utf8"), { version: "1.2", uniqueKeys: true });
  // A configuration (`.qicase.yaml`, or `NAME.qicase.yaml` for a test) has a schema of its own.
  const kind = path.basename(file).endsWith("qicase.yaml") ? "qicase-config" : doc && doc.kind;
  const validate = validators.get(kind);
  if (!validate && pending.has(kind)) {
    console.log(`skip ${file}: kind ${kind} has no schema yet`);
    skipped++;
    continue;
  }
  if (!validate) {
    console.log(`FAIL ${file}: no schema for kind ${JSON.stringify(kind)}`);
    failed++;
    continue;
  }
  if (validate(doc)) {
    console.log(`ok   ${file}`);
  } else {
    failed++;
    for (const e of validate.errors) {
      console.log(`FAIL ${file}: ${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
    }
  }
}
console.log(`${files.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
