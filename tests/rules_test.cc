// The rule language: every loader error, word for word with its place, and
// what each condition means.
#include <doctest/doctest.h>

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
  CHECK(LintOf(RuleText("  exception: KeyError\n")) == "6:14: error: exception needs a mapping of type, message, final, frame");
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
  CHECK(LintOf(RuleText("  panic: {frame: x}\n")) == "6:18: error: frame must be a mapping of file, function, code, origin");
  CHECK(LintOf(RuleText("  fact: python.version\n")) == "6:9: error: fact needs a mapping of fact names to patterns, e.g. {python.env: venv}");
  CHECK(LintOf(RuleText("  exception: {}\n")) == "6:14: error: exception needs at least one of type, message, final, frame");
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
  fs::path dir = fs::temp_directory_path() / "tbexplain-rules-dup";
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

TEST_CASE("rules: line and fact conditions") {
  auto rules = RulesOf(
      "- {id: line, title: '{word}', explanation: x, remediation: [{text: y}], match: {line: '(?P<word>zebra)'}}\n"
      "- {id: fact, title: '{fact.python.version}', explanation: x, remediation: [{text: y}], "
      "match: {fact: {python.env: '^venv$', python.version: '^3\\.12$'}}}\n");
  CHECK(Fired(rules, kTraceback) == std::vector<std::string>{"fact"});
  CHECK(Fired(rules, "ValueError: zebra\n") == std::vector<std::string>{"line"});
}

}  // namespace
}  // namespace tbx
