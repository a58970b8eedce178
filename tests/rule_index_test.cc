// The rule index (rules/index.h): it must never hide a rule that matches.
#include <doctest/doctest.h>

#include <cstring>
#include <filesystem>
#include <random>
#include <set>
#include <sstream>

#include "app/analyze.h"
#include "report/renderer.h"
#include "rules/index.h"
#include "rules/loader.h"
#include "test_util.h"
#include "util/strings.h"

using namespace tbx;
using namespace tbx::testing;
namespace fs = std::filesystem;

namespace {

RuleSet Builtin(bool indexed) {
  std::vector<Rule> rules;
  std::vector<Diag> errors;
  LoadRuleDir((fs::path(TBEXPLAIN_SOURCE_DIR) / "rules").string(), &rules, &errors);
  RuleSet set;
  set.AddLayer(std::move(rules));
  set.set_indexed(indexed);
  return set;
}

std::string Explain(const std::string& input, const RuleSet& rules) {
  Report report;
  ReportBuilder builder(&report);
  StringSource src(input);
  report.inputs.push_back(Analyze("in.txt", src, rules, builder));
  builder.Finish();
  std::ostringstream out;
  RenderJson(report, RenderOptions{}, out);
  return out.str();
}

// Every capture the project holds, and every rule example.
std::vector<std::string> Inputs(const RuleSet& rules) {
  std::set<std::string> out;
  fs::path root(TBEXPLAIN_SOURCE_DIR);
  for (const char* dir : {"samples", "tests/formats", "tests/corpus"}) {
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      if (e.is_regular_file() && e.path().extension() == ".txt") out.insert(e.path().string());
    }
  }
  for (const Rule* r : rules.rules()) {
    out.insert(r->examples_match.begin(), r->examples_match.end());
    out.insert(r->examples_no_match.begin(), r->examples_no_match.end());
  }
  return {out.begin(), out.end()};
}

// A YAML single-quoted scalar.
std::string Quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// The first run of four to eight letters and digits in `s`, or "".
std::string Word(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    size_t j = i;
    while (j < s.size() && j - i < 8 && IsAsciiAlnum(s[j])) ++j;
    if (j - i >= 4) return std::string(s.substr(i, j - i));
    i = j;
  }
  return "";
}

// Random texts and literals over bytes that the search's case folding puts
// together ('@' and '`', '[' and '{', '_' and DEL, NUL and ' '), which its
// comparison must part.
struct RandomLiterals {
  explicit RandomLiterals(unsigned seed) : rng(seed) {}
  std::string Text(size_t n) {
    static const std::string alphabet = std::string("abAB:'_ \n\x80@`[{\x7f") + '\0';
    std::string s;
    for (size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
    return s;
  }
  // 1 to 40 literals of `shortest` to `shortest` + 7 bytes, about half of
  // them ignoring case (and so lower-cased).
  std::vector<KeyLiteral> Literals(size_t shortest) {
    std::vector<KeyLiteral> lits;
    const size_t count = 1 + rng() % 40;
    for (size_t i = 0; i < count; ++i) {
      KeyLiteral lit{Text(shortest + rng() % 8), rng() % 2 == 0};
      if (lit.icase) lit.text = AsciiLower(lit.text);
      lits.push_back(lit);
    }
    return lits;
  }
  std::mt19937 rng;
};

}  // namespace

TEST_CASE("LiteralSearch finds every literal that occurs, as a plain search does") {
  RandomLiterals random(7);
  for (int round = 0; round < 300; ++round) {
    std::vector<KeyLiteral> lits = random.Literals(round % 2 ? 1 : 2);  // one-byte literals turn off the pair bitmap
    LiteralSearch built(lits);
    // The same search read back from a copy of its image, as the rule
    // cache does.
    auto copy = std::make_shared<std::vector<uint64_t>>((built.image().size() + 7) / 8);
    std::memcpy(copy->data(), built.image().data(), built.image().size());
    LiteralSearch read;
    REQUIRE(LiteralSearch::FromImage({reinterpret_cast<const char*>(copy->data()), built.image().size()}, copy, &read));
    REQUIRE(read.size() == lits.size());
    for (uint32_t i = 0; i < lits.size(); ++i) CHECK(read.text(i) == lits[i].text);
    CHECK(read.text(static_cast<uint32_t>(lits.size())).empty());
    std::string text = random.Text(random.rng() % 300);
    std::string lowered = AsciiLower(text);
    std::set<uint32_t> want;
    for (uint32_t i = 0; i < lits.size(); ++i) {
      if ((lits[i].icase ? lowered : text).find(lits[i].text) != std::string::npos) want.insert(i);
    }
    CAPTURE(text);
    for (const LiteralSearch* search : {&built, &read}) {
      std::vector<uint32_t> found;
      search->Find(text, &found);
      CHECK(std::set<uint32_t>(found.begin(), found.end()) == want);
    }
  }
}

TEST_CASE("LiteralSearch::FromImage takes only an image of the size its counts give, aligned") {
  const LiteralSearch built({{"E0308", false}, {"traceback", true}, {"py", false}});
  const std::string_view image = built.image();
  std::vector<uint64_t> words(image.size() / 8 + 2);
  char* base = reinterpret_cast<char*>(words.data());
  std::memcpy(base, image.data(), image.size());
  LiteralSearch out;
  CHECK(LiteralSearch::FromImage({base, image.size()}, nullptr, &out));
  CHECK(out.size() == 3);
  CHECK_FALSE(LiteralSearch::FromImage({base, image.size() - 1}, nullptr, &out));
  CHECK_FALSE(LiteralSearch::FromImage({base, image.size() + 1}, nullptr, &out));
  CHECK_FALSE(LiteralSearch::FromImage({base, 10}, nullptr, &out));
  std::memmove(base + 4, base, image.size());
  CHECK_FALSE(LiteralSearch::FromImage({base + 4, image.size()}, nullptr, &out));  // not aligned
  std::memmove(base, base + 4, image.size());
  base[0] ^= 1;  // not an image
  CHECK_FALSE(LiteralSearch::FromImage({base, image.size()}, nullptr, &out));
}

TEST_CASE("LiteralSearch::FindAll finds every occurrence, in order, with and without SIMD") {
  // Texts long enough for the SIMD steps, with literals planted at any
  // offset, a step's last positions among them.
  RandomLiterals random(11);
  for (int round = 0; round < 400; ++round) {
    std::vector<KeyLiteral> lits = random.Literals(round % 2 ? 1 : 2);
    LiteralSearch search(lits);
    std::string text = random.Text(random.rng() % 700);
    for (int k = 0; k < 4 && !text.empty(); ++k) {
      const std::string& lit = lits[random.rng() % lits.size()].text;
      text.replace(random.rng() % text.size(), 0, lit);
    }
    std::string lowered = AsciiLower(text);
    std::set<std::pair<size_t, uint32_t>> want;
    for (uint32_t i = 0; i < lits.size(); ++i) {
      const std::string& hay = lits[i].icase ? lowered : text;
      for (size_t at = hay.find(lits[i].text); at != std::string::npos; at = hay.find(lits[i].text, at + 1)) {
        want.emplace(at, i);
      }
    }
    CAPTURE(text);
    for (bool simd : {true, false}) {
      std::vector<LiteralSearch::Hit> hits;
      if (simd) {
        search.FindAll(text, &hits);
      } else {
        search.FindAllScalar(text, &hits);
      }
      std::set<std::pair<size_t, uint32_t>> got;
      for (size_t i = 0; i < hits.size(); ++i) {
        got.emplace(hits[i].pos, hits[i].literal);
        if (i) CHECK(hits[i - 1].pos <= hits[i].pos);
      }
      CHECK(got == want);
      CHECK(hits.size() == want.size());
    }
  }
}

TEST_CASE("the rule index changes no finding: every capture and every rule example") {
  const RuleSet indexed = Builtin(true), all = Builtin(false);
  REQUIRE(indexed.size() > 200);
  size_t files = 0;
  std::string log;
  for (const auto& file : Inputs(indexed)) {
    std::string text = ReadFile(file);
    CAPTURE(file);
    CHECK(Explain(text, indexed) == Explain(text, all));
    log += text + "\n";
    ++files;
  }
  CHECK(files > 300);
  // One log of them all, read as a log (the prefilter skips its quiet lines).
  CHECK(Explain(log, indexed) == Explain(log, all));
}

TEST_CASE("the rule index searches every text a rule can test") {
  // For every event of every capture, a rule per field that holds a word
  // of that field's value (and of each fact's): each must be found by the
  // index as by evaluating every rule. A text that a predicate reads but
  // PredicateDef::texts leaves out fails here.
  fs::path root(TBEXPLAIN_SOURCE_DIR);
  size_t rules_made = 0;
  for (const char* dir : {"samples", "tests/formats"}) {
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      if (!e.is_regular_file() || e.path().extension() != ".txt") continue;
      CAPTURE(e.path().string());
      for (const Incident& inc : IncidentsOf(ReadFile(e.path().string()))) {
        std::string yaml;
        std::set<std::string> made;
        auto rule = [&](const std::string& condition, std::string_view value) {
          std::string word = Word(value);
          if (word.empty()) return;
          std::string id = "t" + std::to_string(made.size());
          std::string cond = condition;
          cond.replace(cond.find('@'), 1, Quote(".*" + word + ".*"));
          yaml += "- id: " + id + "\n  title: t\n  match: " + cond + "\n  explanation: e\n  remediation: [{text: r}]\n";
          made.insert(id);
        };
        for (const Event& ev : inc.events) {
          for (const auto& ex : ev.exceptions) {
            rule("{exception: {type: @}}", ex.type);
            rule("{exception: {message: @}}", ex.message);
            for (const auto& f : ex.frames.frames()) {
              rule("{exception: {frame: {file: @}}}", f.file);
              rule("{exception: {frame: {function: @}}}", f.function);
              rule("{exception: {frame: {code: @}}}", f.code);
            }
          }
          if (ev.kind == kRustPanic) {
            rule("{panic: {message: @}}", ev.message);
            rule("{panic: {thread: @}}", ev.thread);
            if (ev.location) rule("{panic: {file: @}}", ev.location->file);
            for (const auto& f : ev.frames.frames()) rule("{panic: {frame: {function: @}}}", f.function);
          }
          if (ev.kind == kDiagnostic) {
            rule("{diagnostic: {tool: @}}", ev.tool);
            rule("{diagnostic: {code: @}}", ev.code);
            rule("{diagnostic: {level: @}}", ev.level);
            rule("{diagnostic: {message: @}}", ev.message);
            if (ev.location) rule("{diagnostic: {file: @}}", ev.location->file);
          }
          for (const auto& l : ev.lines) rule("{line: @}", l);
        }
        for (const auto& l : inc.context) rule("{line: @}", l);
        for (const auto& [name, values] : inc.facts) {
          for (const auto& v : values) rule("{fact: {" + name + ": @}}", v);
        }
        if (made.empty()) continue;
        RuleSet indexed = RulesOf(yaml), all = RulesOf(yaml);
        all.set_indexed(false);
        CHECK(indexed.keyless() == 0);  // every rule has a key: the index decides
        std::set<std::string> got, want;
        for (const auto& f : indexed.Match(inc)) got.insert(f.rule->id);
        for (const auto& f : all.Match(inc)) want.insert(f.rule->id);
        CHECK(want == made);  // each rule holds: its word is in its field
        CHECK(got == want);
        rules_made += made.size();
      }
    }
  }
  CHECK(rules_made > 5000);
}

TEST_CASE("the rule index leaves most rules out of a paste") {
  const RuleSet rules = Builtin(true);
  CHECK(rules.keyless() <= 3);
  auto incidents = IncidentsOf(ReadFile(std::string(TBEXPLAIN_SOURCE_DIR) +
                                        "/samples/mixed/cffi-backend-python313-pyo3.txt"));
  REQUIRE(incidents.size() == 1);
  MatchInput in;
  in.events = &incidents[0].events;
  in.context = &incidents[0].context;
  in.facts = &incidents[0].facts;
  size_t candidates = rules.Candidates(in).size();
  CAPTURE(candidates);
  CHECK(candidates * 5 < rules.size());
  CHECK(rules.Match(incidents[0]).front().rule->id == "python.cffi-backend.foreign-dist-packages");
}
