// docs/rules.md is tested: every ```yaml block is a rule file. Blocks that
// start with "# lint: MESSAGE" must fail to load with exactly that first
// error (file name left out); all other blocks must load cleanly and, loaded
// together as one rule folder would be, pass their examples.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/rule_tests.h"
#include "rules/loader.h"

namespace tbx {
namespace {

struct Block {
  int line;  // line of the opening fence in rules.md
  std::string text;
};

std::vector<Block> YamlBlocks(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::vector<Block> blocks;
  std::string line;
  int number = 0;
  bool inside = false;
  Block cur;
  while (std::getline(in, line)) {
    ++number;
    if (!inside && line == "```yaml") {
      inside = true;
      cur = {number, ""};
    } else if (inside && line == "```") {
      inside = false;
      blocks.push_back(cur);
    } else if (inside) {
      cur.text += line + "\n";
    }
  }
  CHECK_FALSE(inside);
  return blocks;
}

const std::string kDoc = std::string(TBEXPLAIN_SOURCE_DIR) + "/docs/rules.md";

TEST_CASE("docs: every yaml block of docs/rules.md loads, or fails exactly as it says") {
  auto blocks = YamlBlocks(kDoc);
  REQUIRE(blocks.size() >= 8);
  std::vector<Rule> all;
  int lint_blocks = 0;
  for (const auto& b : blocks) {
    CAPTURE(b.line);
    std::vector<Rule> rules;
    std::vector<Diag> errors;
    bool ok = LoadRuleText(b.text, kDoc, &rules, &errors);
    const std::string kLint = "# lint: ";
    if (b.text.starts_with(kLint)) {
      ++lint_blocks;
      std::string expected = b.text.substr(kLint.size(), b.text.find('\n') - kLint.size());
      CHECK_FALSE(ok);
      REQUIRE_FALSE(errors.empty());
      std::string got = errors.front().Format();
      got = got.substr(0, got.find('\n'));
      REQUIRE(got.starts_with(kDoc + ":"));
      CHECK(got.substr(kDoc.size() + 1) == expected);
      continue;
    }
    for (const auto& e : errors) CAPTURE(e.Format());
    CHECK(ok);
    CHECK(errors.empty());
    for (auto& r : rules) all.push_back(std::move(r));
  }
  CHECK(lint_blocks >= 3);
  RuleSet set;
  set.AddLayer(std::move(all));
  RuleTestResult result = TestRuleExamples(set);
  for (const auto& f : result.failures) CAPTURE(f);
  CHECK(result.failed == 0);
  CHECK(result.passed >= 12);
}

TEST_CASE("docs: every rule key is documented in docs/rules.md") {
  std::ifstream in(kDoc);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string doc = ss.str();
  for (const auto& key : RuleKeys()) {
    CAPTURE(key);
    CHECK(doc.find("| `" + key + "` |") != std::string::npos);
  }
}

}  // namespace
}  // namespace tbx
