// The rule language: every loader error, word for word with its place, and
// what each condition means.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "rules/engine.h"
#include "rules/loader.h"
#include "test_util.h"

namespace tbx {
namespace {

using testing::IncidentsOf;
using testing::LintOf;
using testing::RulesOf;

const std::string kOk = "title: t\nexplanation: x\nremediation: [{text: y}]\n";

std::string RuleText(const std::string& match, const std::string& extra = "") {
  return "id: r\n" + kOk + extra + "match:\n" + match;
}

TEST_CASE("rules lint: every error message, with its place") {
  CHECK(LintOf("id: [unclosed\n") == "2:1: error: YAML syntax: a '[' list is never closed with ']'");
  CHECK(LintOf("- just a string\n") == "1:3: error: a rule must be a mapping");
  CHECK(LintOf("id: \"\\d\"\n") == "1:8: error: YAML syntax: an unknown \\ escape in a double-quoted string");
  CHECK(LintOf("") == " error: the file holds no rule");
  CHECK(LintOf(RuleText("  line: x\n", "explaination: y\n")) == "5:1: error: unknown key 'explaination'");
  CHECK(LintOf("id: r\ntitle: t\nmatch: {line: x}\nremediation: [{text: y}]\n") == "1:1: error: missing required key 'explanation'");
  CHECK(LintOf("id: 'bad id'\n" + kOk + "match: {line: x}\n") == "1:5: error: bad id 'bad id'");
  CHECK(LintOf(RuleText("  line: x\n", "severity: fatal\n")) == "5:11: error: severity must be error, warning or info");
  CHECK(LintOf(RuleText("  line: x\n", "priority: 101\n")) == "5:11: error: priority must be a whole number from 0 to 100");
  CHECK(LintOf(RuleText("  line: x\n", "scope: global\n")) == "5:8: error: scope must be incident or input");
  CHECK(LintOf(RuleText("  line: x\n", "fallback: maybe\n")) == "5:11: error: fallback must be true or false");
  CHECK(LintOf("id: r\ntitle: t\nexplanation: x\nremediation: []\nmatch: {line: x}\n") ==
        "4:14: error: remediation must be a non-empty list of steps");
  CHECK(LintOf("id: r\ntitle: t\nexplanation: x\nremediation: [{txt: y}]\nmatch: {line: x}\n") ==
        "4:16: error: unknown key 'txt' in a remediation step");
  CHECK(LintOf(RuleText("  line: x\n", "references: [{a: b}]\n")) == "5:14: error: references must be a list of strings");
  CHECK(LintOf(RuleText("  line: x\n", "examples: {matches: [a.txt]}\n")) == "5:12: error: unknown key 'matches' in examples");
  CHECK(LintOf(RuleText("  line: x\n", "examples: {match: [no-such-file.txt]}\n")) ==
        "5:20: error: example file 'no-such-file.txt' does not exist");
}

TEST_CASE("rules lint: condition errors") {
  CHECK(LintOf(RuleText("  line: x\n  any: [{line: y}]\n")) == "6:3: error: a condition is a mapping with exactly one key");
  CHECK(LintOf(RuleText("  exeption: {type: KeyError}\n")) == "6:3: error: unknown condition 'exeption'");
  CHECK(LintOf(RuleText("  all: []\n")) == "6:8: error: all needs a non-empty list of conditions");
  CHECK(LintOf(RuleText("  exception: KeyError\n")) == "6:14: error: exception needs a mapping of type, message, final, frame, capture");
  CHECK(LintOf(RuleText("  exception: {tpye: KeyError}\n")) == "6:15: error: unknown key 'tpye' in exception");
  CHECK(LintOf(RuleText("  exception: {final: yes}\n")) == "6:22: error: exception.final must be true or false");
  CHECK(LintOf(RuleText("  panic: {frame: {fle: x}}\n")) == "6:19: error: unknown frame key 'fle'");
  CHECK(LintOf(RuleText("  panic: {frame: {origin: mine}}\n")) == "6:27: error: frame origin must be user, library, stdlib or unknown");
  CHECK(LintOf(RuleText("  fact: {python.versoin: '3'}\n")) == "6:10: error: unknown fact 'python.versoin'");
  CHECK(LintOf(RuleText("  line: 'a(?=b)'\n")) == "6:11: error: line: bad RE2 pattern: invalid perl operator: (?=");
  CHECK(LintOf(RuleText("  line: [x]\n")) == "6:9: error: line must be a string (an RE2 pattern)");
}

TEST_CASE("rules lint: the remaining messages") {
  CHECK(LintOf("id: r\ntitle: t\nexplanation: x\nremediation: [just text]\nmatch: {line: x}\n") ==
        "4:15: error: a remediation step must be a mapping with text and, optionally, command");
  CHECK(LintOf("id: r\ntitle: t\nexplanation: x\nremediation: [{command: ls}]\nmatch: {line: x}\n") ==
        "4:15: error: a remediation step needs text");
  CHECK(LintOf(RuleText("  line: x\n", "examples: [a.txt]\n")) == "5:11: error: examples must be a mapping with match and no_match");
  CHECK(LintOf(RuleText("  panic: {frame: x}\n")) == "6:18: error: frame must be a mapping of file, function, code, origin, capture");
  CHECK(LintOf(RuleText("  fact: python.version\n")) == "6:9: error: fact needs a mapping of fact names to patterns, e.g. {python.env: venv}");
  CHECK(LintOf(RuleText("  exception: {capture: x}\n")) ==
        "6:24: error: exception.capture needs a mapping of type, message to patterns with named groups");
  CHECK(LintOf(RuleText("  panic: {capture: {line: '(?P<n>\\d+)'}}\n")) == "6:21: error: unknown key 'line' in panic.capture");
  CHECK(LintOf(RuleText("  panic: {frame: {capture: {origin: '(?P<o>x)'}}}\n")) ==
        "6:29: error: unknown key 'origin' in frame.capture");
  CHECK(LintOf(RuleText("  exception: {capture: {message: 'x'}}\n")) ==
        "6:34: error: exception.capture.message: the pattern captures nothing");
  CHECK(LintOf("id: r\ntitle: \"a\\nb\"\nexplanation: x\nremediation: [{text: y}]\nmatch: {line: x}\n") ==
        "2:8: error: the title must be one line");
  CHECK(LintOf("id: r\ntitle: 'a } b'\nexplanation: x\nremediation: [{text: y}]\nmatch: {line: x}\n") ==
        "2:11: error: title: a lone '}' (write '}}' for a literal brace)");
}

TEST_CASE("rules lint: hints say what to do") {
  std::vector<tbx::Rule> rules;
  std::vector<Diag> errors;
  LoadRuleText(RuleText("  exception: {mesage: x}\n"), "r.yaml", &rules, &errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].hint == "did you mean 'message'?");
  errors.clear();
  LoadRuleText(RuleText("  line: 'a(?!b)'\n"), "r.yaml", &rules, &errors);
  CHECK(errors.at(0).hint == "RE2 has no lookahead or lookbehind; match the text itself or use `not:`");
  errors.clear();
  LoadRuleText("id: r\ntitle: '{modul}'\nexplanation: x\nremediation: [{text: y}]\nmatch: {exception: {message: '(?P<module>\\w+)'}}\n",
               "r.yaml", &rules, &errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].Format() ==
        "r.yaml:2:9: error: title: placeholder '{modul}' is not defined by this rule's match\n  hint: did you mean '{module}'?");
  errors.clear();
  LoadRuleText("id: r\ntitle: '{fact.python.versoin}'\nexplanation: x\nremediation: [{text: y}]\nmatch: {line: x}\n",
               "r.yaml", &rules, &errors);
  CHECK(errors.at(0).Format() ==
        "r.yaml:2:9: error: title: unknown fact 'python.versoin'\n  hint: did you mean 'fact.python.version'?");
}

TEST_CASE("rules lint: duplicate ids in one folder") {
  namespace fs = std::filesystem;
  fs::path dir = testing::TempPath("tbexplain-rules-dup");
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "a.yaml") << "id: same\n" << kOk << "match: {line: x}\n";
  std::ofstream(dir / "b.yaml") << "id: same\n" << kOk << "match: {line: y}\n";
  std::vector<tbx::Rule> rules;
  std::vector<Diag> errors;
  CHECK_FALSE(LoadRuleDir(dir.string(), &rules, &errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "duplicate rule id 'same'");
  CHECK(errors[0].hint == "first defined at " + (dir / "a.yaml").string() + ":1");
  fs::remove_all(dir);
}

// ---------------------------------------------------------------------------

std::vector<std::string> Fired(const RuleSet& rules, const std::string& input) {
  std::vector<std::string> ids;
  for (const auto& inc : IncidentsOf(input)) {
    for (const auto& f : rules.Match(inc)) ids.push_back(f.rule->id);
  }
  return ids;
}

const std::string kTraceback =
    "Traceback (most recent call last):\n  File \"/srv/app/main.py\", line 3, in <module>\n    load()\n"
    "  File \"/srv/app/.venv/lib/python3.12/site-packages/requests/api.py\", line 9, in get\n    raise x\n"
    "requests.exceptions.ConnectionError: refused\n";

TEST_CASE("rules: type matches the whole name or its last dotted part") {
  auto rules = RulesOf(
      "- {id: a, " + std::string("title: t, explanation: x, remediation: [{text: y}], match: {exception: {type: ConnectionError}}}\n") +
      "- {id: b, title: t, explanation: x, remediation: [{text: y}], match: {exception: {type: Error}}}\n"
      "- {id: c, title: t, explanation: x, remediation: [{text: y}], match: {exception: {type: 'requests\\.exceptions\\.ConnectionError'}}}\n");
  CHECK(Fired(rules, kTraceback) == std::vector<std::string>{"a", "c"});
  CHECK(Fired(rules, "MyKeyError: x\n").empty());
}

TEST_CASE("rules: frame, final, not, any and captures into the title") {
  auto rules = RulesOf(
      "- id: user-frame\n  title: 'in {frame.file}:{frame.line}'\n  explanation: x\n  remediation: [{text: y}]\n"
      "  match: {exception: {final: true, frame: {origin: user, code: '^(?P<call>\\w+)\\('}}}\n"
      "- id: not-key\n  title: t\n  explanation: x\n  remediation: [{text: y}]\n"
      "  match: {all: [{exception: {type: ConnectionError}}, {not: {exception: {type: KeyError}}}]}\n");
  auto incidents = IncidentsOf(kTraceback);
  REQUIRE(incidents.size() == 1);
  auto findings = rules.Match(incidents[0]);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].rule->id == "user-frame");  // 3 tests met against 2
  CHECK(findings[0].title == "in /srv/app/main.py:3");
  CHECK(findings[0].specificity == 3);
  CHECK(findings[1].specificity == 2);
}

TEST_CASE("rules: a fallback shows only when nothing specific matched; priority breaks ties") {
  auto rules = RulesOf(
      "- {id: generic, fallback: true, title: t, explanation: x, remediation: [{text: y}], match: {exception: {type: KeyError}}}\n"
      "- {id: low, priority: 10, title: t, explanation: x, remediation: [{text: y}], match: {exception: {message: config}}}\n"
      "- {id: high, priority: 90, title: t, explanation: x, remediation: [{text: y}], match: {exception: {message: port}}}\n");
  CHECK(Fired(rules, "KeyError: 'user'\n") == std::vector<std::string>{"generic"});
  CHECK(Fired(rules, "KeyError: 'port' in config\n") == std::vector<std::string>{"high", "low"});
}

TEST_CASE("rules lint: a pattern that matches any text is an error") {
  for (const char* p : {"''", "'x|'", "'(?:: (?P<p>.+))?'", "'.*'", "'^|$'", "'\\s*'", "'\\S*$'"}) {
    INFO(p);
    CHECK(LintOf(RuleText("  exception: {message: " + std::string(p) + "}\n")) ==
          "6:24: error: exception.message: the pattern matches any text, so it tests nothing");
  }
  CHECK(LintOf(RuleText("  line: ''\n")) == "6:9: error: line: the pattern matches any text, so it tests nothing");
  CHECK(LintOf(RuleText("  exception: {capture: {message: '(?P<m>.*)'}}\n")) ==
        "6:34: error: exception.capture.message: the pattern matches any text, so it tests nothing");
  // Each of these fails on some text.
  for (const char* p : {"'^$'", "'.'", "'^[^<]'", "'x?y'", "'\\S+$'"}) {
    INFO(p);
    CHECK(LintOf(RuleText("  exception: {message: " + std::string(p) + "}\n")) == "");
  }
}

/// The one finding of the one incident of `input`.
Finding OnlyFinding(const RuleSet& rules, const std::string& input) {
  auto incidents = IncidentsOf(input);
  REQUIRE(incidents.size() == 1);
  auto findings = rules.Match(incidents[0]);
  REQUIRE(findings.size() == 1);
  return std::move(findings[0]);
}

TEST_CASE("rules: an event condition without fields holds for any event of its kind") {
  auto rules = RulesOf(
      "- {id: exc, title: t, explanation: x, remediation: [{text: y}], match: {exception: {}}}\n"
      "- {id: no-panic, title: t, explanation: x, remediation: [{text: y}], match: {all: [{line: o}, {not: {panic: {}}}]}}\n"
      "- {id: panic, title: t, explanation: x, remediation: [{text: y}], match: {panic: {}}}\n");
  CHECK(Fired(rules, kTraceback) == std::vector<std::string>{"no-panic", "exc"});  // two tests held against one
  Finding f = OnlyFinding(rules, "thread 'main' panicked at src/main.rs:2:5:\nboom\n");
  CHECK(f.rule->id == "panic");
  CHECK(f.specificity == 1);  // that there is a panic is one test
}

TEST_CASE("rules: capture takes groups when its pattern matches, and never decides") {
  auto rules = RulesOf(
      "- id: c\n  title: '{path|no path} {fn|{frame.function}}'\n  explanation: x\n  remediation: [{text: y}]\n"
      "  match: {exception: {type: ConnectionError, capture: {message: 'to (?P<path>/\\S+)'},\n"
      "                      frame: {origin: library, capture: {function: '^(?P<fn>g)e'}}}}\n");
  Finding f = OnlyFinding(rules, kTraceback);
  CHECK(f.title == "no path g");
  CHECK(f.specificity == 2);  // type and origin; captures are not tests
  std::string other = kTraceback;
  other.replace(other.find("refused"), 7, "refused to /run/db.sock");
  other.replace(other.find("in get"), 6, "in post");
  CHECK(OnlyFinding(rules, other).title == "/run/db.sock post");
  // A capture's literals are not a rule's key: it fires without them.
  auto only = RulesOf(
      "- {id: z, title: '{z|none}', explanation: x, remediation: [{text: y}], "
      "match: {exception: {capture: {message: 'zebra (?P<z>\\w+)'}}}}\n");
  CHECK(Fired(only, kTraceback) == std::vector<std::string>{"z"});
}

TEST_CASE("rules: line and fact conditions") {
  auto rules = RulesOf(
      "- {id: line, title: '{word}', explanation: x, remediation: [{text: y}], match: {line: '(?P<word>zebra)'}}\n"
      "- {id: fact, title: '{fact.python.version}', explanation: x, remediation: [{text: y}], "
      "match: {fact: {python.env: '^venv$', python.version: '^3\\.12$'}}}\n");
  CHECK(Fired(rules, kTraceback) == std::vector<std::string>{"fact"});
  CHECK(Fired(rules, "ValueError: zebra\n") == std::vector<std::string>{"line"});
}

// ---------------------------------------------------------------------------
// Loader errors, formatted in full: file, line, column, message and hint.

/// Every error of loading `yaml` as file `name`, formatted.
std::vector<std::string> ErrorsOf(const std::string& yaml, const std::string& name = "r.yaml") {
  std::vector<tbx::Rule> rules;
  std::vector<Diag> errors;
  bool ok = LoadRuleText(yaml, name, &rules, &errors);
  CHECK(ok == errors.empty());
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.Format());
  return out;
}

/// The errors of loading `yaml`, formatted and joined by "\n--\n" (the
/// tests below expect exactly one; "" when there is none).
std::string ErrorOf(const std::string& yaml, const std::string& name = "r.yaml") {
  std::string out;
  for (const auto& e : ErrorsOf(yaml, name)) out += (out.empty() ? "" : "\n--\n") + e;
  return out;
}

const std::string kHead = "id: r\ntitle: t\nexplanation: x\nremediation: [{text: y}]\n";

TEST_CASE("rules lint: YAML syntax errors are in our words, with a hint") {
  CHECK(ErrorOf("id: [unclosed\n") ==
        "r.yaml:2:1: error: YAML syntax: a '[' list is never closed with ']'\n"
        "  hint: close the list, or quote a value that holds '['");
  CHECK(ErrorOf(kHead + "match: {line: \"\\d+\"}\n") ==
        "r.yaml:5:18: error: YAML syntax: an unknown \\ escape in a double-quoted string\n"
        "  hint: write patterns in single quotes ('\\d+'), where \\ needs no escaping");
}

TEST_CASE("rules lint: an unknown key names the key it resembles, or lists them all") {
  CHECK(ErrorOf(kHead + "match: {line: x}\nexplaination: y\n") ==
        "r.yaml:6:1: error: unknown key 'explaination'\n  hint: did you mean 'explanation'?");
  CHECK(ErrorOf(kHead + "match: {line: x}\ncolour: red\n") ==
        "r.yaml:6:1: error: unknown key 'colour'\n"
        "  hint: rule keys are: id, title, severity, priority, scope, fallback, match, explanation, remediation, "
        "references, examples");
}

TEST_CASE("rules lint: each missing required key is an error at the rule") {
  CHECK(ErrorOf("id: r\ntitle: t\nmatch: {line: x}\nremediation: [{text: y}]\n") ==
        "r.yaml:1:1: error: missing required key 'explanation'");
  CHECK(ErrorsOf("- id: r\n  title: t\n") ==
        std::vector<std::string>{"r.yaml:1:3: error: missing required key 'match'",
                                 "r.yaml:1:3: error: missing required key 'explanation'",
                                 "r.yaml:1:3: error: missing required key 'remediation'"});
}

TEST_CASE("rules lint: a bad RE2 pattern is reported at the offending place inside the pattern") {
  // Line 7 is `    message: ...`; the value starts at column 14.
  CHECK(ErrorOf(kHead + "match:\n  exception:\n    message: 'a(?=b)'\n") ==
        "r.yaml:7:16: error: exception.message: bad RE2 pattern: invalid perl operator: (?=\n"
        "  hint: RE2 has no lookahead or lookbehind; match the text itself or use `not:`");
  CHECK(ErrorOf(kHead + "match:\n  exception:\n    message: a(?=b)\n") ==
        "r.yaml:7:15: error: exception.message: bad RE2 pattern: invalid perl operator: (?=\n"
        "  hint: RE2 has no lookahead or lookbehind; match the text itself or use `not:`");
  CHECK(ErrorOf(kHead + "match:\n  exception:\n    message: 'ok so far (unclosed'\n") ==
        "r.yaml:7:15: error: exception.message: bad RE2 pattern: missing ): ok so far (unclosed\n"
        "  hint: RE2 syntax: https://github.com/google/re2/wiki/Syntax");
  CHECK(ErrorOf(kHead + "match:\n  exception:\n    message: '(a)\\1'\n") ==
        "r.yaml:7:18: error: exception.message: bad RE2 pattern: invalid escape sequence: \\1\n"
        "  hint: RE2 has no backreferences");
  CHECK(ErrorOf(kHead + "match:\n  panic: {frame: {function: 'x(?=y)'}}\n") ==
        "r.yaml:6:31: error: frame.function: bad RE2 pattern: invalid perl operator: (?=\n"
        "  hint: RE2 has no lookahead or lookbehind; match the text itself or use `not:`");
}

TEST_CASE("rules lint: a bad pattern's column counts a doubled quote in a single-quoted scalar as two columns") {
  // `    message: 'it''s (?=x)'`: the scalar is "it's (?=x)", the '(' is in column 21.
  CHECK(ErrorOf(kHead + "match:\n  exception:\n    message: 'it''s (?=x)'\n") ==
        "r.yaml:7:21: error: exception.message: bad RE2 pattern: invalid perl operator: (?=\n"
        "  hint: RE2 has no lookahead or lookbehind; match the text itself or use `not:`");
}

TEST_CASE("rules lint: an unknown condition key names the one it resembles, or lists them") {
  CHECK(ErrorOf(kHead + "match:\n  exeption: {type: KeyError}\n") ==
        "r.yaml:6:3: error: unknown condition 'exeption'\n  hint: did you mean 'exception'?");
  CHECK(ErrorOf(kHead + "match:\n  traceback: x\n") ==
        "r.yaml:6:3: error: unknown condition 'traceback'\n"
        "  hint: expected one of: all, any, not, exception, panic, diagnostic, line, fact");
  CHECK(ErrorOf(kHead + "match:\n  all:\n    - line: x\n    - pannic: {message: x}\n") ==
        "r.yaml:8:7: error: unknown condition 'pannic'\n  hint: did you mean 'panic'?");
}

TEST_CASE("rules lint: an unknown fact, in a condition and in a placeholder") {
  CHECK(ErrorOf(kHead + "match:\n  fact: {python.versoin: '3'}\n") ==
        "r.yaml:6:10: error: unknown fact 'python.versoin'\n  hint: did you mean 'python.version'?");
  CHECK(ErrorOf("id: r\ntitle: 'on {fact.os.distr}'\nexplanation: x\nremediation: [{text: y}]\nmatch: {line: x}\n") ==
        "r.yaml:2:12: error: title: unknown fact 'os.distr'\n  hint: did you mean 'fact.os.distro'?");
  CHECK(ErrorsOf(kHead + "match:\n  fact: {rust.crate.pyo3: '^0\\.2'}\n").empty());
}

TEST_CASE("rules lint: a placeholder that no capture defines") {
  CHECK(ErrorOf("id: r\ntitle: 'No module {module}'\nexplanation: x\nremediation: [{text: y}]\nmatch: {line: x}\n") ==
        "r.yaml:2:19: error: title: placeholder '{module}' is not defined by this rule's match\n"
        "  hint: name a capture with (?P<module>...) in a pattern");
  // A capture inside `not` never holds a value.
  CHECK(ErrorOf("id: r\ntitle: '{m}'\nexplanation: x\nremediation: [{text: y}]\n"
                "match: {all: [{line: x}, {not: {line: '(?P<m>y)'}}]}\n") ==
        "r.yaml:2:9: error: title: placeholder '{m}' is not defined by this rule's match\n"
        "  hint: name a capture with (?P<m>...) in a pattern");
  // In a block scalar the error names the line of the placeholder (line 5), without a column.
  CHECK(ErrorOf("id: r\ntitle: t\nexplanation: |\n  first line\n  uses {nope}\nremediation: [{text: y}]\nmatch: {line: x}\n") ==
        "r.yaml:5: error: explanation: placeholder '{nope}' is not defined by this rule's match\n"
        "  hint: name a capture with (?P<nope>...) in a pattern");
  CHECK(ErrorOf("id: r\ntitle: t\nexplanation: x\nremediation: [{text: y, command: 'pip install {pkg}'}]\nmatch: {line: x}\n") ==
        "r.yaml:4:47: error: remediation command: placeholder '{pkg}' is not defined by this rule's match\n"
        "  hint: name a capture with (?P<pkg>...) in a pattern");
}

TEST_CASE("rules lint: a title with a line break is refused, with or without placeholders") {
  CHECK(ErrorOf("id: r\ntitle: \"a\\nb\"\nexplanation: x\nremediation: [{text: y}]\nmatch: {line: x}\n") ==
        "r.yaml:2:8: error: the title must be one line");
  CHECK(ErrorOf("id: r\ntitle: \"in {frame.file}\\nsecond\"\nexplanation: x\nremediation: [{text: y}]\n"
                "match: {exception: {frame: {origin: user}}}\n") ==
        "r.yaml:2:8: error: the title must be one line");
  CHECK(ErrorsOf("id: r\ntitle: >-\n  one\n  line\nexplanation: x\nremediation: [{text: y}]\nmatch: {line: x}\n").empty());
}

TEST_CASE("rules lint: duplicate ids in one folder, also across subfolders") {
  namespace fs = std::filesystem;
  fs::path dir = testing::TempPath("tbexplain-rules-dup-sub");
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "a.yaml") << "id: same\n" << kOk << "match: {line: x}\n";
  std::ofstream(dir / "sub" / "b.yml") << "# the same id again\nid: same\n" << kOk << "match: {line: y}\n";
  std::ofstream(dir / "c.yaml") << "id: other\n" << kOk << "match: {line: z}\n";
  std::vector<tbx::Rule> rules;
  std::vector<Diag> errors;
  CHECK_FALSE(LoadRuleDir(dir.string(), &rules, &errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].Format() == (dir / "sub" / "b.yml").string() + ":2:1: error: duplicate rule id 'same'\n" +
                                  "  hint: first defined at " + (dir / "a.yaml").string() + ":1");
  CHECK(rules.size() == 3);
  fs::remove_all(dir);
}

TEST_CASE("rules lint: an example file that does not exist, or lies outside the folder of rules") {
  namespace fs = std::filesystem;
  fs::path dir = testing::TempPath("tbexplain-rules-examples");
  fs::remove_all(dir);
  fs::create_directories(dir / "examples");
  std::ofstream(dir / "examples" / "there.txt") << "KeyError: 'x'\n";
  std::string name = (dir / "rule.yaml").string();
  CHECK(ErrorOf(kHead + "match: {line: x}\nexamples: {match: [examples/there.txt, examples/missing.txt]}\n", name) ==
        name + ":6:40: error: example file 'examples/missing.txt' does not exist\n" +
            "  hint: paths are relative to the rule file: " + (dir / "examples" / "missing.txt").string());
  CHECK(ErrorOf(kHead + "match: {line: x}\nexamples: {no_match: [../elsewhere.txt]}\n", name) ==
        name + ":6:23: error: example file '../elsewhere.txt' is outside the folder of rules\n" +
            "  hint: keep examples under " + dir.string() + " so that the rules can be shared as one folder");
  std::vector<tbx::Rule> rules;
  std::vector<Diag> errors;
  CHECK(LoadRuleText(kHead + "match: {line: x}\nexamples: {match: [examples/there.txt]}\n", name, &rules, &errors));
  REQUIRE(rules.size() == 1);
  CHECK(rules[0].examples_match == std::vector<std::string>{(dir / "examples" / "there.txt").string()});
  fs::remove_all(dir);
}

// ---------------------------------------------------------------------------
// Matching, on incidents built from text.

std::string Rule1(const std::string& id, const std::string& match, const std::string& extra = "") {
  return "- {id: " + id + ", title: t, explanation: x, remediation: [{text: y}], " + extra + "match: " + match + "}\n";
}

const std::string kChained =
    "Traceback (most recent call last):\n  File \"/srv/app/cfg.py\", line 3, in load\n    return cfg[\"port\"]\n"
    "KeyError: 'port'\n\nDuring handling of the above exception, another exception occurred:\n\n"
    "Traceback (most recent call last):\n  File \"/srv/app/main.py\", line 7, in <module>\n    load({})\n"
    "ValueError: no port configured\n";

TEST_CASE("rules: type must match the whole name or its last dotted part") {
  auto rules = RulesOf(Rule1("key", "{exception: {type: KeyError}}") +
                       Rule1("conn", "{exception: {type: ConnectionError}}") +
                       Rule1("mid", "{exception: {type: 'exceptions\\.ConnectionError'}}") +
                       Rule1("full", "{exception: {type: 'requests\\.exceptions\\.ConnectionError'}}") +
                       Rule1("prefix", "{exception: {type: Connection}}"));
  CHECK(Fired(rules, "KeyError: 'a'\n") == std::vector<std::string>{"key"});
  CHECK(Fired(rules, "MyKeyError: 'a'\n").empty());
  CHECK(Fired(rules, "app.errors.MyKeyError: 'a'\n").empty());
  CHECK(Fired(rules, "KeyErrorX: 'a'\n").empty());
  CHECK(Fired(rules, "requests.exceptions.ConnectionError: refused\n") == std::vector<std::string>{"conn", "full"});
  CHECK(Fired(rules, "ConnectionError: refused\n") == std::vector<std::string>{"conn"});
}

TEST_CASE("rules: final: true is the exception that ended the program; final: false any other") {
  auto rules = RulesOf(Rule1("key-final", "{exception: {type: KeyError, final: true}}") +
                       Rule1("key-not-final", "{exception: {type: KeyError, final: false}}") +
                       Rule1("value-final", "{exception: {type: ValueError, final: true}}") +
                       Rule1("value-not-final", "{exception: {type: ValueError, final: false}}"));
  auto fired = Fired(rules, kChained);
  std::sort(fired.begin(), fired.end());
  CHECK(fired == std::vector<std::string>{"key-not-final", "value-final"});
}

TEST_CASE("rules: frame origin user holds only for a frame in the user's code") {
  auto rules = RulesOf(Rule1("user", "{exception: {type: KeyError, frame: {origin: user}}}") +
                       Rule1("lib", "{exception: {type: KeyError, frame: {origin: library}}}"));
  CHECK(Fired(rules, kChained) == std::vector<std::string>{"user"});
  CHECK(Fired(rules,
              "Traceback (most recent call last):\n"
              "  File \"/usr/lib/python3/dist-packages/yaml/x.py\", line 3, in load\n    return d[k]\nKeyError: 'k'\n") ==
        std::vector<std::string>{"lib"});
}

TEST_CASE("rules: not, any and all") {
  auto rules = RulesOf(Rule1("not-key", "{not: {exception: {type: KeyError}}}") +
                       Rule1("any", "{any: [{exception: {type: IndexError}}, {exception: {type: ValueError}}]}") +
                       Rule1("all", "{all: [{exception: {type: KeyError}}, {exception: {type: ValueError}}]}") +
                       Rule1("all-fails", "{all: [{exception: {type: KeyError}}, {exception: {type: IndexError}}]}"));
  auto fired = Fired(rules, kChained);
  std::sort(fired.begin(), fired.end());
  CHECK(fired == std::vector<std::string>{"all", "any"});
  fired = Fired(rules, "IndexError: list index out of range\n");
  std::sort(fired.begin(), fired.end());
  CHECK(fired == std::vector<std::string>{"any", "not-key"});
}

TEST_CASE("rules: named captures and built-in captures reach the title and the steps") {
  auto rules = RulesOf(
      "- id: cap\n"
      "  title: '{exception.type} for {key} at {frame.file}:{frame.line} in {frame.function}'\n"
      "  explanation: 'message: {exception.message}'\n"
      "  remediation: [{text: 'Set {key}.', command: 'export {key}=1'}]\n"
      "  match: {exception: {message: \"'(?P<key>\\\\w+)'\", frame: {code: 'cfg\\['}}}\n");
  auto incidents = IncidentsOf(kChained);
  REQUIRE(incidents.size() == 1);
  auto findings = rules.Match(incidents[0]);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].title == "KeyError for port at /srv/app/cfg.py:3 in load");
  CHECK(findings[0].explanation == "message: 'port'");
  REQUIRE(findings[0].remediation.size() == 1);
  CHECK(findings[0].remediation[0].text == "Set port.");
  CHECK(findings[0].remediation[0].command == std::optional<std::string>("export port=1"));
}

TEST_CASE("rules: a captured value holding braces is not expanded again") {
  auto rules = RulesOf(
      "- {id: cap, title: 'got {v}', explanation: x, remediation: [{text: y}], "
      "match: {exception: {message: '^(?P<v>.*)$'}}}\n");
  auto incidents = IncidentsOf("ValueError: {fact.os} {v} }}\n");
  REQUIRE(incidents.size() == 1);
  auto findings = rules.Match(incidents[0]);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].title == "got {fact.os} {v} }}");
}

TEST_CASE("rules: fallback rules are hidden when a specific rule matches, shown when none does") {
  auto rules = RulesOf(Rule1("generic-value", "{exception: {type: ValueError}}", "fallback: true, ") +
                       Rule1("generic-any", "{exception: {type: '.*Error'}}", "fallback: true, ") +
                       Rule1("no-port", "{exception: {message: 'no port'}}"));
  CHECK(Fired(rules, kChained) == std::vector<std::string>{"no-port"});
  auto fired = Fired(rules, "ValueError: something else\n");
  std::sort(fired.begin(), fired.end());
  CHECK(fired == std::vector<std::string>{"generic-any", "generic-value"});
}

TEST_CASE("rules: findings are ranked by specificity, then priority, then severity, then order") {
  auto rules = RulesOf(
      Rule1("one-test-high", "{exception: {type: ValueError}}", "priority: 100, ") +
      Rule1("two-tests-low", "{exception: {type: ValueError, message: port}}", "priority: 0, ") +
      Rule1("one-test-mid-warning", "{exception: {message: configured}}", "priority: 70, severity: warning, ") +
      Rule1("one-test-mid-error", "{exception: {message: 'no '}}", "priority: 70, ") +
      Rule1("one-test-mid-error-later", "{line: 'no port'}", "priority: 70, "));
  auto incidents = IncidentsOf(kChained);
  REQUIRE(incidents.size() == 1);
  auto findings = rules.Match(incidents[0]);
  std::vector<std::string> ids;
  for (const auto& f : findings) ids.push_back(f.rule->id);
  CHECK(ids == std::vector<std::string>{"two-tests-low", "one-test-high", "one-test-mid-error",
                                        "one-test-mid-error-later", "one-test-mid-warning"});
  REQUIRE(findings.size() == 5);
  CHECK(findings[0].specificity == 2);
  CHECK(findings[1].specificity == 1);
}

TEST_CASE("rules: a later layer replaces a rule with the same id") {
  RuleSet set;
  std::vector<tbx::Rule> first, second;
  std::vector<Diag> errors;
  LoadRuleText(Rule1("same", "{exception: {type: KeyError}}") + Rule1("keep", "{exception: {type: KeyError}}"),
               "a.yaml", &first, &errors);
  LoadRuleText(Rule1("same", "{exception: {type: ValueError}}"), "b.yaml", &second, &errors);
  REQUIRE(errors.empty());
  set.AddLayer(std::move(first));
  set.AddLayer(std::move(second));
  CHECK(set.size() == 2);
  CHECK(Fired(set, "KeyError: 'a'\n") == std::vector<std::string>{"keep"});
  CHECK(Fired(set, "ValueError: a\n") == std::vector<std::string>{"same"});
}

TEST_CASE("rules: within the first layer too, a later rule replaces one with the same id") {
  RuleSet set;
  std::vector<tbx::Rule> rules;
  for (const auto& [id, type] : {std::pair{"same", "KeyError"}, {"keep", "KeyError"}, {"same", "ValueError"}}) {
    std::vector<Diag> errors;
    LoadRuleText(Rule1(id, std::string("{exception: {type: ") + type + "}}"), "a.yaml", &rules, &errors);
    REQUIRE(errors.empty());
  }
  set.AddLayer(std::move(rules));
  CHECK(set.size() == 2);
  CHECK(Fired(set, "KeyError: 'a'\n") == std::vector<std::string>{"keep"});
  CHECK(Fired(set, "ValueError: a\n") == std::vector<std::string>{"same"});
}

}  // namespace
}  // namespace tbx
