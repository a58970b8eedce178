// Validates SARIF files against the official SARIF 2.1.0 JSON schema
// (tests/data/sarif-schema-2.1.0.json, JSON Schema draft-04) with ajv.
//   node validate_sarif.js SCHEMA FILE... [--expect-invalid FILE...]
// Exit 0: every file as expected; 1: a file was not; 77: ajv is not
// installed (CTest reports the test as skipped). .ci/install-deps installs
// ajv-draft-04 and ajv-formats into .tools/ when npm is available.
'use strict';
const fs = require('fs');
let Ajv, addFormats;
try {
  Ajv = require('ajv-draft-04');
  addFormats = require('ajv-formats');
} catch (e) {
  console.log('SKIP: ajv-draft-04 and ajv-formats are not installed (run .ci/install-deps with npm available)');
  process.exit(77);
}
const args = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(args.shift(), 'utf8'));
const ajv = new Ajv({allErrors: true, strict: false});
addFormats(ajv);
const validate = ajv.compile(schema);
let expectValid = true;
let failed = 0;
for (const file of args) {
  if (file === '--expect-invalid') { expectValid = false; continue; }
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const ok = validate(doc);
  if (ok !== expectValid) {
    failed++;
    console.log(`FAIL ${file}: ${ok ? 'valid, expected invalid' : ajv.errorsText(validate.errors)}`);
  } else {
    console.log(`ok   ${file} (${ok ? 'valid' : 'invalid as expected: ' + ajv.errorsText(validate.errors)})`);
  }
}
process.exit(failed ? 1 : 0);
