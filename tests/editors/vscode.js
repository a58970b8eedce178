// The VS Code problemMatcher in editors/vscode/tasks.json must read every
// line of our quickfix output: file, line, column, severity, message, rule.
//   node vscode.js TASKS_JSON QUICKFIX_FILE...
'use strict';
const fs = require('fs');
const [tasksFile, ...files] = process.argv.slice(2);
const tasks = JSON.parse(fs.readFileSync(tasksFile, 'utf8'));
const p = tasks.tasks[0].problemMatcher.pattern;
const re = new RegExp(p.regexp);
let failed = 0, lines = 0;
// A line without a column must match too.
const extra = ['src/app.py:12: warning: A title: with colons [python.some-rule]'];
for (const line of files.flatMap(f => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean)).concat(extra)) {
  lines++;
  const m = re.exec(line);
  const ok = m && m[p.file] && /^\d+$/.test(m[p.line]) && ['error', 'warning', 'info'].includes(m[p.severity]) &&
      m[p.message] && /^[A-Za-z0-9._\/-]+$/.test(m[p.code]);
  if (!ok) { failed++; console.log(`FAIL: ${line}`); continue; }
  console.log(`ok   file=${m[p.file]} line=${m[p.line]} column=${m[p.column] || ''} severity=${m[p.severity]} code=${m[p.code]}`);
}
if (lines < 2) { console.log('FAIL: no quickfix lines to test'); process.exit(1); }
process.exit(failed ? 1 : 0);
