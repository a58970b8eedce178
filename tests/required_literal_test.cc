// RequiredLiteral: what every match of a pattern contains, read off the
// pattern. Hand-picked cases, then the claim itself on every rule and fact
// pattern against every real capture.
#include <doctest/doctest.h>
#include <re2/re2.h>

#include <filesystem>
#include <sstream>

#include "incident/facts.h"
#include "rules/condition.h"
#include "rules/loader.h"
#include "test_util.h"
#include "util/required_literal.h"

namespace tbx {
namespace {

namespace fs = std::filesystem;

TEST_CASE("RequiredLiteral reads the literal every match needs") {
  CHECK(RequiredLiteral("No module named '(?P<m>[^']+)'") == "No module named '");
  CHECK(RequiredLiteral("^ModuleNotFoundError$") == "ModuleNotFoundError");
  CHECK(RequiredLiteral(R"(cannot import name '\w+' from)") == "cannot import name '");
  CHECK(RequiredLiteral(R"(libssl\.so\.\d+)") == "libssl.so.");
  CHECK(RequiredLiteral("colou?r is set") == "r is set");    // u? may be absent
  CHECK(RequiredLiteral("abx*yz") == "ab");                 // x* too
  CHECK(RequiredLiteral("ab+cdef") == "cdef");              // one b at least, then more
  CHECK(RequiredLiteral("a{0,3}bcd") == "bcd");
  CHECK(RequiredLiteral("xa{2}bcd") == "bcd");
  CHECK(RequiredLiteral("(foo|bar)baz") == "baz");
  CHECK(RequiredLiteral("[abc]def.ghij") == "ghij");
  CHECK(RequiredLiteral("caf\xc3\xa9?s and more") == "s and more");  // a UTF-8 letter made optional
  // In doubt, nothing.
  CHECK(RequiredLiteral("foo|barbaz") == "");
  CHECK(RequiredLiteral("(?i)modulenotfounderror") == "");
  CHECK(RequiredLiteral(R"(\Qa.b\E)") == "");
  CHECK(RequiredLiteral(R"(line\nnext)") == "");
  CHECK(RequiredLiteral("unbalanced(") == "");
  CHECK(RequiredLiteral("") == "");
}

TEST_CASE("RequiredLiterals reads one literal per branch, and a leading (?i)") {
  RequiredText r = RequiredLiterals("Runtime\\.ImportModuleError|/var/task/|\\bINIT_START Runtime");
  CHECK(r.any == std::vector<std::string>{"Runtime.ImportModuleError", "/var/task/", "INIT_START Runtime"});
  CHECK_FALSE(r.icase);
  CHECK(r.MayMatch("x /var/task/app.py"));
  CHECK_FALSE(r.MayMatch("nothing here"));
  r = RequiredLiterals("(?i)\\bubuntu[ -]?\\d\\d|~ubuntu\\d");
  CHECK(r.icase);
  CHECK(r.any == std::vector<std::string>{"ubuntu", "~ubuntu"});
  CHECK(r.MayMatch("Running on Ubuntu 22.04"));
  CHECK_FALSE(r.MayMatch("Running on Debian"));
  CHECK(RequiredLiterals("(?m)^abc$").any == std::vector<std::string>{"abc"});
  CHECK(RequiredLiterals("abc|d*").any.empty());        // a branch that needs nothing
  CHECK(RequiredLiterals("(?U)abc").any == std::vector<std::string>{"abc"});  // other flags
  CHECK(RequiredLiterals("ab(?i)cd").any.empty());      // (?i) further in
  CHECK(RequiredLiterals("abc(?mi)defg").any.empty());
  CHECK(RequiredLiteral("abc(?mi:defg)").empty());
  CHECK(RequiredLiteral("(?P<file>[^ ]+) line") == " line");  // a named group is no flag
  CHECK(RequiredLiterals("(a|b)cde|fgh").any == std::vector<std::string>{"cde", "fgh"});
  // Inside a group that must match: one literal per branch of it.
  CHECK(RequiredLiterals("(?:dist-packages|/usr/share/cargo/registry|\\bapt(?:-get)? install\\b)").any ==
        std::vector<std::string>{"dist-packages", "/usr/share/cargo/registry", " install"});
  CHECK(RequiredLiterals("(?P<p>/mnt/[a-z]/|microsoft-standard-WSL)x").any ==
        std::vector<std::string>{"/mnt/", "microsoft-standard-WSL"});
  CHECK(RequiredLiterals("ab(?:cdef|ghij)?").any == std::vector<std::string>{"ab"});  // an optional group
  CHECK(RequiredLiterals("(?m)^(?:ab|c)$").any == std::vector<std::string>{"ab", "c"});

}

std::vector<std::string> AllPatterns() {
  std::vector<Rule> rules;
  std::vector<Diag> errors;
  LoadRuleDir((fs::path(TBEXPLAIN_SOURCE_DIR) / "rules").string(), &rules, &errors);
  std::vector<const Regex*> regexes;
  for (const auto& r : rules) CollectPatterns(r.match, &regexes);
  std::vector<std::string> out;
  for (const auto* re : regexes) out.push_back(re->pattern());
  for (auto p : FactPatterns()) out.emplace_back(p);
  return out;
}

TEST_CASE("every match of every rule and fact pattern on every capture holds its required literal") {
  std::vector<std::string> texts;
  fs::path root(TBEXPLAIN_SOURCE_DIR);
  for (const char* dir : {"samples", "tests/formats", "tests/corpus", "rules"}) {
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      if (e.is_regular_file() && e.path().extension() == ".txt") texts.push_back(testing::ReadFile(e.path().string()));
    }
  }
  size_t patterns = 0, with_literal = 0, matches = 0;
  std::string failures;
  for (const auto& pattern : AllPatterns()) {
    ++patterns;
    RequiredText req = RequiredLiterals(pattern);
    if (req.any.empty()) continue;
    ++with_literal;
    RE2 re(pattern);
    REQUIRE(re.ok());
    for (const auto& text : texts) {
      re2::StringPiece m;
      if (!re.Match(text, 0, text.size(), RE2::UNANCHORED, &m, 1)) continue;
      ++matches;
      // The match itself holds one of the literals, not just the text.
      if (!req.MayMatch(std::string_view(m.data(), m.size()))) {
        failures += pattern + " matched '" + std::string(m.substr(0, 80)) + "' without '" + req.any[0] + "'...\n";
      }
    }
  }
  MESSAGE(patterns << " patterns, " << with_literal << " with a required literal, " << matches << " matches checked");
  CHECK(with_literal * 2 > patterns);
  CHECK(matches > 500);
  CHECK(failures == "");
}

// The literal fast path (Regex::MatchLiteral) must agree with RE2 wherever
// it answers: every rule pattern, hand-picked ones, on every line of every
// capture and on the lines' words (exception types are matched whole).
TEST_CASE("literal and literal-alternation patterns match as RE2 does") {
  std::vector<std::string> patterns = AllPatterns();
  for (const char* p : {"(?:ModuleNotFoundError|ImportError)", "^(?:venv|conda)$", "^(user-site|venv)$",
                        "a|b", "^a|b$", "(?:a|)", "^KeyError$", "Runtime\\.ImportModuleError|ModuleNotFoundError",
                        "(a|b)c", "^x\\(y\\)$", "^(?:a|b)"}) {
    patterns.emplace_back(p);
  }
  std::vector<std::string> texts = {"", "a", "b", "ac", "xa", "bx", "venv", "conda", "venvs", "(y)", "x(y)",
                                    "KeyError", "Runtime.ImportModuleError: x", "ModuleNotFoundError"};
  fs::path root(TBEXPLAIN_SOURCE_DIR);
  for (const char* dir : {"samples", "tests/corpus"}) {
    for (const auto& e : fs::recursive_directory_iterator(root / dir)) {
      if (!e.is_regular_file() || e.path().extension() != ".txt") continue;
      std::istringstream in(testing::ReadFile(e.path().string()));
      for (std::string line; std::getline(in, line);) {
        texts.push_back(line);
        size_t colon = line.find(':');
        if (colon != std::string::npos) texts.push_back(line.substr(0, colon));  // "KeyError"
      }
    }
  }
  size_t literal = 0, checks = 0;
  std::string failures;
  for (const auto& pattern : patterns) {
    Regex fast(pattern);
    RE2 re(pattern);
    if (!re.ok() || !fast.MatchLiteral("", RE2::UNANCHORED)) continue;
    ++literal;
    for (const auto& t : texts) {
      for (RE2::Anchor a : {RE2::UNANCHORED, RE2::ANCHOR_BOTH}) {
        ++checks;
        bool want = re.Match(t, 0, t.size(), a, nullptr, 0);
        if (*fast.MatchLiteral(t, a) != want && failures.size() < 2000) {
          failures += pattern + (a == RE2::ANCHOR_BOTH ? " (whole)" : "") + " on '" + t.substr(0, 60) + "'\n";
        }
      }
    }
  }
  MESSAGE(literal << " literal patterns, " << checks << " comparisons with RE2");
  CHECK(literal > 100);
  CHECK(failures == "");
}

}  // namespace
}  // namespace tbx
