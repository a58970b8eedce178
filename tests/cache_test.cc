// The compiled rule cache (src/rules/cache.h): it explains exactly as the
// YAML does, and it is not used once the rule files differ from it.
#include "rules/cache.h"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "rules/loader.h"
#include "test_util.h"

namespace tbx {
namespace {

namespace fs = std::filesystem;

// Everything a finding says, one line each.
std::string Explained(const Report& r) {
  std::string out;
  for (const auto& f : r.findings) {
    out += f.rule + " | " + f.rule_file + " | " + f.title + " | " + f.severity + " | " + f.explanation;
    for (const auto& s : f.remediation) out += " | " + s.text + " $ " + s.command.value_or("-");
    for (const auto& ref : f.references) out += " | " + ref;
    out += "\n";
  }
  return out;
}

RuleSet SetOf(std::vector<Rule> rules) {
  RuleSet set;
  set.AddLayer(std::move(rules));
  return set;
}

void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

TEST_CASE("cache: the built-in rules from the cache explain every sample and corpus case as the YAML does") {
  std::string dir = std::string(TBEXPLAIN_SOURCE_DIR) + "/rules";
  std::vector<Rule> yaml_rules, cached_rules;
  std::vector<Diag> errors;
  REQUIRE(LoadRuleDir(dir, &yaml_rules, &errors));
  fs::path cache = testing::TempPath("tbexplain-cache-test.cache");
  std::string error;
  REQUIRE_MESSAGE(WriteRuleCache(yaml_rules, dir, cache.string(), &error), error);
  REQUIRE(ReadRuleCache(cache.string(), dir, &cached_rules));
  REQUIRE(cached_rules.size() == yaml_rules.size());
  for (size_t i = 0; i < yaml_rules.size(); ++i) {
    CHECK(cached_rules[i].id == yaml_rules[i].id);
    CHECK(cached_rules[i].priority == yaml_rules[i].priority);
    CHECK(cached_rules[i].key.has_value());
    // Only the head is read until the rule is needed.
    CHECK(cached_rules[i].file.empty());
    CHECK(cached_rules[i].match.def == nullptr);
    CHECK(DecodeRule(&cached_rules[i]));
    CHECK(DecodeRule(&cached_rules[i]));  // twice changes nothing
    CHECK(cached_rules[i].file == yaml_rules[i].file);
    CHECK(cached_rules[i].remediation.size() == yaml_rules[i].remediation.size());
    CHECK(cached_rules[i].examples_match == yaml_rules[i].examples_match);
  }
  RuleSet from_yaml = SetOf(std::move(yaml_rules));
  RuleSet from_cache = SetOf(std::move(cached_rules));
  std::vector<std::string> inputs;
  for (const auto& sub : {"/samples", "/tests/corpus"}) {
    for (const auto& e : fs::recursive_directory_iterator(std::string(TBEXPLAIN_SOURCE_DIR) + sub)) {
      if (e.path().extension() == ".txt") inputs.push_back(e.path().string());
    }
  }
  REQUIRE(inputs.size() > 40);
  size_t findings = 0;
  for (const auto& in : inputs) {
    std::string text = testing::ReadFile(in);
    Report a = testing::ReportOf(text, from_yaml);
    Report b = testing::ReportOf(text, from_cache);
    CHECK_MESSAGE(Explained(a) == Explained(b), in);
    findings += a.findings.size();
  }
  CHECK(findings > 40);
  fs::remove(cache);
}

TEST_CASE("cache: an edited, added or removed rule file, or a damaged cache, is not used") {
  fs::path dir = testing::TempPath("tbexplain-cache-test-rules");
  fs::remove_all(dir);
  const std::string rule =
      "- id: t.key\n  title: 'Missing {key}'\n  priority: 60\n  match:\n    all:\n"
      "      - exception: {type: KeyError, message: \"'(?P<key>\\\\w+)'\", frame: {origin: user}}\n"
      "      - not: {line: 'never here'}\n"
      "  explanation: The key {key} is missing.\n"
      "  remediation:\n    - text: Add it.\n      command: 'echo {key}'\n";
  Write(dir / "a.yaml", rule);
  const auto written = fs::last_write_time(dir / "a.yaml");
  std::vector<Rule> rules, back;
  std::vector<Diag> errors;
  REQUIRE(LoadRuleDir(dir.string(), &rules, &errors));
  fs::path cache = dir.string() + ".cache";
  std::string error;
  REQUIRE(WriteRuleCache(rules, dir.string(), cache.string(), &error));
  REQUIRE(ReadRuleCache(cache.string(), dir.string(), &back));
  REQUIRE(back.size() == 1);
  Report r = testing::ReportOf(
      "Traceback (most recent call last):\n  File \"/srv/app.py\", line 3, in <module>\n    d['port']\n"
      "KeyError: 'port'\n",
      SetOf(std::move(back)));
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].title == "Missing port");
  CHECK(r.findings[0].remediation[0].command == "echo port");

  back.clear();
  Write(dir / "a.yaml", rule + "\n");  // edited
  CHECK_FALSE(ReadRuleCache(cache.string(), dir.string(), &back));
  Write(dir / "a.yaml", rule);
  CHECK(ReadRuleCache(cache.string(), dir.string(), &back));
  back.clear();
  // The same size, other bytes: the file's time has changed, so it is read
  // and hashed.
  std::string same_size = rule;
  same_size[same_size.find("Add it")] = 'W';
  Write(dir / "a.yaml", same_size);
  fs::last_write_time(dir / "a.yaml", fs::last_write_time(dir / "a.yaml") + std::chrono::seconds(5));
  CHECK_FALSE(ReadRuleCache(cache.string(), dir.string(), &back));
  // A copy that kept the time to the second only (cmake --install, tar)
  // has the recorded stamp: it is not read again. These bytes differ from
  // the recorded ones, so that only not reading them lets the cache be used.
  fs::last_write_time(dir / "a.yaml", std::chrono::floor<std::chrono::seconds>(written));
  CHECK(ReadRuleCache(cache.string(), dir.string(), &back));
  back.clear();
  // Another second without a fraction is another time: read and hashed.
  fs::last_write_time(dir / "a.yaml", std::chrono::floor<std::chrono::seconds>(written) + std::chrono::seconds(1));
  CHECK_FALSE(ReadRuleCache(cache.string(), dir.string(), &back));
  // Touched but unchanged: hashed again, and still the same.
  Write(dir / "a.yaml", rule);
  fs::last_write_time(dir / "a.yaml", fs::last_write_time(dir / "a.yaml") + std::chrono::seconds(10));
  CHECK(ReadRuleCache(cache.string(), dir.string(), &back));
  back.clear();
  Write(dir / "sub" / "b.yaml", "[]\n");  // added
  CHECK_FALSE(ReadRuleCache(cache.string(), dir.string(), &back));
  fs::remove(dir / "sub" / "b.yaml");
  CHECK(ReadRuleCache(cache.string(), dir.string(), &back));
  back.clear();
  // A body damaged in place, the files unchanged: each byte of the cache
  // flipped in turn; loading, decoding and matching never crash, and a
  // rule whose body does not decode matches nothing.
  std::string good = testing::ReadFile(cache.string());
  for (size_t at = good.size() / 2; at < good.size(); ++at) {
    std::string bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x5A);
    Write(cache, bad);
    back.clear();
    if (!ReadRuleCache(cache.string(), dir.string(), &back)) continue;
    if (!DecodeRule(&back[0])) CHECK(back[0].match.def == nullptr);
    testing::ReportOf("Traceback (most recent call last):\n  File \"/srv/app.py\", line 3\nKeyError: 'port'\n",
                      SetOf(std::move(back)));
  }
  Write(cache, good);
  back.clear();
  // Damaged: cut at every length, never a crash, never a rule.
  std::string whole = testing::ReadFile(cache.string());
  for (size_t n = 0; n < whole.size(); n += 7) {
    Write(cache, whole.substr(0, n));
    CHECK_FALSE(ReadRuleCache(cache.string(), dir.string(), &back));
    CHECK(back.empty());
  }
  fs::remove_all(dir);
  fs::remove(cache);
}

TEST_CASE("cache: the rule files of a folder, as the loader reads them") {
  fs::path dir = testing::TempPath("tbexplain-rule-files");
  fs::remove_all(dir);
  Write(dir / "b.yaml", "[]\n");
  Write(dir / "sub" / "a.yml", "[]\n");
  Write(dir / "sub" / "deeper" / "c.yaml", "[]\n");
  Write(dir / "examples" / "input.txt", "x\n");
  Write(dir / "notes.md", "x\n");
  fs::create_symlink(dir / "b.yaml", dir / "link.yaml");       // a link to a file: read
  fs::create_directory_symlink(dir / "sub", dir / "linkdir");  // to a folder: not followed
  const std::string d = dir.string();
  std::vector<std::string> want = {d + "/b.yaml", d + "/link.yaml", d + "/sub/a.yml", d + "/sub/deeper/c.yaml"};
  CHECK(RuleFilesOf(d) == want);
  CHECK(RuleFilesOf(d + "/") == want);
  CHECK(RuleFilesOf(d + "/missing").empty());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tbx
