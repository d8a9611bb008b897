// Validates SARIF logs against the OASIS SARIF 2.1.0 JSON Schema (draft-07; the copy in the
// `schemastore` package, the catalogue editors use), with formats (uri, date-time) checked.
// Usage: node sarif.mjs FILE.sarif...  Prints one line per file; exits 1 if any file fails.
import fs from "node:fs";
import { createRequire } from "node:module";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const require = createRequire(import.meta.url);
const schemaPath = require.resolve("schemastore/schemas/json/sarif-2.1.0.json");
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
// unicodeRegExp off: the official schema's `language` pattern has a stray `]`, an error only
// under the u flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let failed = 0;
for (const file of process.argv.slice(2)) {
  const log = JSON.parse(fs.readFileSync(file, "utf8"));
  // Every result names a rule of tool.driver.rules, at its ruleIndex; no placeholder URI.
  const unlisted = [];
  for (const run of log.runs || []) {
    const rules = (run.tool.driver.rules || []).map((r) => r.id);
    const uri = run.tool.driver.informationUri || "";
    if (/example\.(invalid|org|com)/.test(uri)) unlisted.push(`placeholder informationUri ${uri}`);
    for (const r of run.results || []) {
      if (rules[r.ruleIndex] !== r.ruleId) unlisted.push(`${r.ruleId} (index ${r.ruleIndex})`);
    }
  }
  if (unlisted.length) {
    failed++;
    console.log(`FAIL ${file}: results whose rule is not listed: ${[...new Set(unlisted)].join(", ")}`);
  } else if (validate(log)) {
    const results = log.runs.reduce((n, run) => n + (run.results ? run.results.length : 0), 0);
    console.log(`ok   ${file}: SARIF ${log.version}, ${results} result(s)`);
  } else {
    failed++;
    console.log(`FAIL ${file}`);
    for (const e of validate.errors) console.log(`     ${e.instancePath || "/"} ${e.message}`);
  }
}
process.exit(failed ? 1 : 0);
