// The compiled rule cache (src/rules/cache.h): it explains exactly as the
// YAML does, and it is not used once the rule files differ from it.
#include "rules/cache.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <set>
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
RuleSet SetOf(CompiledRules rules) {
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
  std::vector<Rule> yaml_rules;
  CompiledRules cached;
  std::vector<Diag> errors;
  REQUIRE(LoadRuleDir(dir, &yaml_rules, &errors));
  fs::path cache = testing::TempPath("tbexplain-cache-test.cache");
  std::string error;
  REQUIRE_MESSAGE(WriteRuleCache(yaml_rules, dir, cache.string(), &error), error);
  REQUIRE(ReadRuleCache(cache.string(), dir, &cached));
  REQUIRE(cached.size() == yaml_rules.size());
  std::vector<uint32_t> input;
  for (uint32_t i = 0; i < yaml_rules.size(); ++i) {
    const Rule& y = yaml_rules[i];
    CHECK(cached.id(i) == y.id);
    CHECK(cached.Find(y.id) == i);
    CHECK(cached.head(i).priority == y.priority);
    CHECK(cached.head(i).severity == y.severity);
    CHECK(cached.head(i).scope == y.scope);
    CHECK(cached.head(i).fallback == y.fallback);
    if (y.scope == Scope::kInput) input.push_back(i);
    Rule r, again;
    CHECK(cached.Decode(i, &r));
    CHECK(cached.Decode(i, &again));  // twice, the same
    CHECK(r.id == y.id);
    CHECK(r.priority == y.priority);
    CHECK(r.file == y.file);
    CHECK(r.line == y.line);
    CHECK(r.remediation.size() == y.remediation.size());
    CHECK(r.examples_match == y.examples_match);
    CHECK(again.file == r.file);
  }
  CHECK_FALSE(cached.Find("no.such.rule").has_value());
  CHECK_FALSE(cached.Find("").has_value());
  CHECK(std::vector<uint32_t>(cached.input_rules().begin(), cached.input_rules().end()) == input);
  RuleSet from_yaml = SetOf(std::move(yaml_rules));
  RuleSet from_cache = SetOf(std::move(cached));
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
  std::vector<Rule> rules;
  CompiledRules back;
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

  back = CompiledRules();
  Write(dir / "a.yaml", rule + "\n");  // edited
  CHECK_FALSE(ReadRuleCache(cache.string(), dir.string(), &back));
  Write(dir / "a.yaml", rule);
  CHECK(ReadRuleCache(cache.string(), dir.string(), &back));
  back = CompiledRules();
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
  back = CompiledRules();
  // Another second without a fraction is another time: read and hashed.
  fs::last_write_time(dir / "a.yaml", std::chrono::floor<std::chrono::seconds>(written) + std::chrono::seconds(1));
  CHECK_FALSE(ReadRuleCache(cache.string(), dir.string(), &back));
  // Touched but unchanged: hashed again, and still the same.
  Write(dir / "a.yaml", rule);
  fs::last_write_time(dir / "a.yaml", fs::last_write_time(dir / "a.yaml") + std::chrono::seconds(10));
  CHECK(ReadRuleCache(cache.string(), dir.string(), &back));
  back = CompiledRules();
  Write(dir / "sub" / "b.yaml", "[]\n");  // added
  CHECK_FALSE(ReadRuleCache(cache.string(), dir.string(), &back));
  fs::remove(dir / "sub" / "b.yaml");
  CHECK(ReadRuleCache(cache.string(), dir.string(), &back));
  back = CompiledRules();
  // A cache damaged in place, the files unchanged: a byte flipped in turn
  // (every byte of its first and last parts, which hold the heads, the
  // index's tables but its bitmaps, and the body; every 29th between);
  // loading, decoding, finding and matching never crash, and a rule whose
  // body does not decode matches nothing.
  std::string good = testing::ReadFile(cache.string());
  size_t opened = 0;
  for (size_t at = 0; at < good.size(); at += (at < 1500 || at + 2500 > good.size()) ? 1 : 29) {
    std::string bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x5A);
    Write(cache, bad);
    back = CompiledRules();
    if (!ReadRuleCache(cache.string(), dir.string(), &back)) continue;
    ++opened;
    for (uint32_t i = 0; i < back.size(); ++i) {
      Rule decoded;
      if (!back.Decode(i, &decoded)) CHECK(decoded.match.def == nullptr);
      (void)back.Find(back.id(i));
    }
    (void)back.Find("t.key");
    testing::ReportOf("Traceback (most recent call last):\n  File \"/srv/app.py\", line 3\nKeyError: 'port'\n",
                      SetOf(std::move(back)));
  }
  CHECK(opened > 1000);  // most flips leave a cache that opens
  Write(cache, good);
  back = CompiledRules();
  // Damaged: cut at every length, never a crash, never a rule.
  std::string whole = testing::ReadFile(cache.string());
  for (size_t n = 0; n < whole.size(); n += 7) {
    Write(cache, whole.substr(0, n));
    CHECK_FALSE(ReadRuleCache(cache.string(), dir.string(), &back));
    CHECK(back.size() == 0);
  }
  fs::remove_all(dir);
  fs::remove(cache);
}

// The inputs of the project: every sample and corpus case.
std::vector<std::string> ProjectInputs() {
  std::vector<std::string> inputs;
  for (const auto& sub : {"/samples", "/tests/corpus"}) {
    for (const auto& e : fs::recursive_directory_iterator(std::string(TBEXPLAIN_SOURCE_DIR) + sub)) {
      if (e.path().extension() == ".txt") inputs.push_back(e.path().string());
    }
  }
  std::sort(inputs.begin(), inputs.end());
  return inputs;
}

TEST_CASE("cache: folders' rules over the built-in cache replace, add and match as over the built-in YAML") {
  const std::string builtin = std::string(TBEXPLAIN_SOURCE_DIR) + "/rules";
  const fs::path first = testing::TempPath("tbexplain-cache-layer-1"), second = testing::TempPath("tbexplain-cache-layer-2");
  fs::remove_all(first);
  fs::remove_all(second);
  // The first folder replaces a built-in rule and adds one of each scope;
  // the second replaces the first's incident rule.
  const std::string fix = "  remediation: [{text: Fix it.}]\n";
  Write(first / "a.yaml",
        "- id: python.cffi-backend.foreign-dist-packages\n  title: 'Replaced: {exception.type}'\n  priority: 1\n"
        "  match: {exception: {type: ModuleNotFoundError}}\n  explanation: Replaced.\n" + fix +
        "- id: user.panic\n  title: 'First panic rule'\n  match: {panic: {message: 'Python API call failed'}}\n"
        "  explanation: First.\n" + fix +
        "- id: user.input\n  title: 'A panic and a module not found in one input'\n  scope: input\n"
        "  match:\n    all:\n      - panic: {}\n      - exception: {type: ModuleNotFoundError}\n"
        "  explanation: Both.\n" + fix);
  Write(second / "b.yaml",
        "- id: user.panic\n  title: 'Second panic rule'\n  priority: 90\n"
        "  match: {panic: {message: 'Python API call failed'}}\n  explanation: Second.\n" + fix);
  // Rules are not copied: each set loads its own.
  auto load = [](const std::string& from) {
    std::vector<Rule> rules;
    std::vector<Diag> errors;
    REQUIRE(LoadRuleDir(from, &rules, &errors));
    REQUIRE(errors.empty());
    return rules;
  };
  std::vector<std::string> builtin_ids;
  for (const auto& r : load(builtin)) builtin_ids.push_back(r.id);
  const std::vector<std::string> dirs = {builtin, first.string(), second.string()};
  std::vector<fs::path> caches;
  for (size_t i = 0; i < dirs.size(); ++i) {
    caches.push_back(testing::TempPath("tbexplain-cache-layer-" + std::to_string(i) + ".cache"));
    std::string error;
    REQUIRE(WriteRuleCache(load(dirs[i]), dirs[i], caches[i].string(), &error));
  }
  auto compiled = [&](size_t i) {
    CompiledRules c;
    REQUIRE(ReadRuleCache(caches[i].string(), dirs[i], &c));
    return c;
  };
  RuleSet yaml, mixed, cached;
  for (size_t i = 0; i < dirs.size(); ++i) {
    yaml.AddLayer(load(dirs[i]));
    if (i == 0) {
      mixed.AddLayer(compiled(i));
    } else {
      mixed.AddLayer(load(dirs[i]));
    }
    cached.AddLayer(compiled(i));
  }
  // Two rules added, one of them replaced by the second folder's, and a
  // built-in one replaced: each in its place.
  const size_t n = builtin_ids.size() + 2;
  for (const RuleSet* set : {&yaml, &mixed, &cached}) {
    REQUIRE(set->size() == n);
    std::vector<const Rule*> all = set->rules();
    for (size_t i = 0; i < builtin_ids.size(); ++i) CHECK(all[i]->id == builtin_ids[i]);
    CHECK(all[n - 2]->id == "user.panic");
    CHECK(all[n - 2]->title.Expand({}, {}) == "Second panic rule");
    CHECK(all[n - 1]->id == "user.input");
  }
  size_t replaced = 0, panic = 0, input = 0;
  for (const auto& in : ProjectInputs()) {
    const std::string text = testing::ReadFile(in);
    const Report report = testing::ReportOf(text, yaml);
    const std::string want = Explained(report);
    // A rule fires at most once an incident (a replaced rule is not tried
    // as well as the one replacing it).
    std::set<std::pair<size_t, std::string>> fired;
    for (const auto& f : report.findings) CHECK_MESSAGE(fired.insert({f.incident, f.rule}).second, in, f.rule);
    // Candidates come ascending, each once.
    for (const auto& incident : testing::IncidentsOf(text)) {
      MatchInput match{&incident.events, &incident.context, &incident.facts};
      for (const RuleSet* set : {&yaml, &mixed, &cached}) {
        std::vector<uint32_t> c = set->Candidates(match);
        CHECK(std::adjacent_find(c.begin(), c.end(), std::greater_equal<>()) == c.end());
      }
    }
    CHECK_MESSAGE(Explained(testing::ReportOf(text, mixed)) == want, in);
    CHECK_MESSAGE(Explained(testing::ReportOf(text, cached)) == want, in);
    replaced += want.find("Replaced: ModuleNotFoundError") != std::string::npos;
    panic += want.find("Second panic rule") != std::string::npos;
    CHECK(want.find("First panic rule") == std::string::npos);
    input += want.find("A panic and a module not found") != std::string::npos;
  }
  CHECK(replaced > 0);
  CHECK(panic > 0);
  CHECK(input > 0);
  fs::remove_all(first);
  fs::remove_all(second);
  for (const auto& c : caches) fs::remove(c);
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
