// Hostile rule files: each gets a clear `file:line:col: error` or works, in
// bounded time and memory. Never a crash, never a yaml-cpp message.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "incident/incident.h"
#include "parse/splitter.h"
#include "rules/engine.h"
#include "rules/loader.h"
#include "test_util.h"

namespace tbx {
namespace {

namespace fs = std::filesystem;

std::vector<Diag> Errors(const std::string& yaml, std::vector<Rule>* rules = nullptr,
                         const std::string& name = "hostile.yaml") {
  std::vector<Rule> local;
  std::vector<Diag> errors;
  LoadRuleText(yaml, name, rules ? rules : &local, &errors);
  return errors;
}

std::string First(const std::vector<Diag>& errors) {
  REQUIRE_FALSE(errors.empty());
  std::string s = errors.front().Format();
  return s.substr(0, s.find('\n'));
}

const char* kBody = "title: t\nexplanation: x\nremediation: [{text: y}]\n";

TEST_CASE("hostile rules: an alias bomb is refused at the 1001st condition") {
  std::string yaml = std::string("id: bomb\n") + kBody +
                     "match:\n"
                     "  all:\n"
                     "    - &a {all: [{line: a}, {line: b}, {line: c}, {line: d}]}\n";
  std::string prev = "a";
  for (int level = 0; level < 12; ++level) {
    std::string name = "b" + std::to_string(level);
    yaml += "    - &" + name + " {all: [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]}\n";
    prev = name;
  }
  auto errors = Errors(yaml);
  CHECK(First(errors).find("error: more than 1000 conditions in one rule's match") != std::string::npos);
  CHECK(errors.size() == 1);
}

TEST_CASE("hostile rules: nesting 10^5 deep is refused before the YAML parser recurses") {
  std::string flow = "id: deep\nmatch: " + std::string(100000, '[') + "\n";
  CHECK(First(Errors(flow)) == "hostile.yaml:2:72: error: YAML nested more than 64 levels deep");
  std::string block;
  for (int i = 0; i < 100000; ++i) block += "- ";
  block += "x\n";
  CHECK(First(Errors(block)).starts_with("hostile.yaml:1:1: error: YAML nested too deeply"));
  std::string indented;
  for (int i = 0; i < 1000; ++i) indented += std::string(i, ' ') + "k" + std::to_string(i) + ":\n";
  CHECK(First(Errors(indented)).starts_with("hostile.yaml:258:1: error: YAML nested too deeply"));
}

TEST_CASE("hostile rules: 10^4 rules load, and the right one fires") {
  std::string yaml;
  for (int i = 0; i < 10000; ++i) {
    yaml += "- id: gen.r" + std::to_string(i) + "\n  title: rule " + std::to_string(i) +
            "\n  explanation: x\n  remediation: [{text: y}]\n  match:\n    any:\n"
            "      - exception: {type: E" + std::to_string(i) + "Error}\n"
            "      - line: 'marker-" + std::to_string(i) + "-end'\n";
  }
  std::vector<Rule> rules;
  auto errors = Errors(yaml, &rules);
  CHECK(errors.empty());
  REQUIRE(rules.size() == 10000);
  RuleSet set;
  set.AddLayer(std::move(rules));

  struct Collect : SplitSink {
    std::vector<Event> events;
    void OnEvent(Event&& e) override { events.push_back(std::move(e)); }
    void OnOtherLine(const Line&) override {}
  } sink;
  StringSource src("Traceback (most recent call last):\n  File \"a.py\", line 1, in f\nE5000Error: marker-9999-end\n");
  LineReader reader(src);
  Splitter splitter("x", sink);
  Line line;
  while (reader.Next(&line)) splitter.Feed(line);
  splitter.Finish();
  Incident inc;
  inc.events = std::move(sink.events);
  auto findings = set.Match(inc);
  REQUIRE(findings.size() == 2);
  std::set<std::string> ids = {findings[0].rule->id, findings[1].rule->id};
  CHECK(ids == std::set<std::string>{"gen.r5000", "gen.r9999"});
}

TEST_CASE("hostile rules: a regex too large for RE2 gets a clear error") {
  std::string yaml = std::string("id: huge\n") + kBody + "match:\n  line: '\\pL{1000}'\n";
  auto errors = Errors(yaml);
  CHECK(First(errors) == "hostile.yaml:6:10: error: line: bad RE2 pattern: pattern too large - compile failed");
  CHECK(errors.front().hint.find("memory limit") != std::string::npos);
}

TEST_CASE("hostile rules: placeholders in the input are inserted, never expanded") {
  std::string yaml = std::string("id: echo\n") +
                     "title: '{msg}'\nexplanation: '{msg} {fact.os|none}'\nremediation: [{text: y, command: 'echo {msg}'}]\n"
                     "match:\n  exception: {message: '(?P<msg>.+)'}\n";
  std::vector<Rule> rules;
  REQUIRE(Errors(yaml, &rules).empty());
  RuleSet set;
  set.AddLayer(std::move(rules));
  Incident inc;
  Event e;
  e.kind = std::string(kPythonTraceback);
  Exception x;
  x.type = "ValueError";
  x.message = "{msg}{fact.os}{{}}{";
  e.exceptions.push_back(std::move(x));
  inc.events.push_back(std::move(e));
  auto findings = set.Match(inc);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].title == "{msg}{fact.os}{{}}{");
  CHECK(findings[0].explanation == "{msg}{fact.os}{{}}{ none");
  CHECK(findings[0].remediation[0].command == "echo {msg}{fact.os}{{}}{");
}

TEST_CASE("hostile rules: example paths that leave the folder of rules are errors") {
  fs::path dir = testing::TempPath("tbexplain-hostile-rules");
  fs::remove_all(dir);
  fs::create_directories(dir / "rules" / "python");
  std::ofstream(dir / "outside.txt") << "ValueError: x\n";
  std::ofstream(dir / "rules" / "python" / "inside.txt") << "ValueError: x\n";
  std::ofstream(dir / "rules" / "python" / "r.yaml")
      << "id: r\n" << kBody << "match: {exception: {type: ValueError}}\n"
      << "examples:\n  match: [inside.txt, ../../outside.txt, /etc/passwd]\n";
  std::vector<Rule> rules;
  std::vector<Diag> errors;
  CHECK_FALSE(LoadRuleDir((dir / "rules").string(), &rules, &errors));
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].message == "example file '../../outside.txt' is outside the folder of rules");
  CHECK(errors[0].line == 7);
  CHECK(errors[1].message == "example file '/etc/passwd' is outside the folder of rules");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tbx
