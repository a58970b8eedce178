#include "rules/template.h"

#include <doctest/doctest.h>

namespace tbx {
namespace {

// `text`'s parse error as "OFFSET: message".
std::string ErrorAt(std::string_view text) {
  std::string error;
  size_t offset = 99;
  auto t = Template::Parse(text, &error, &offset);
  CHECK_FALSE(t.has_value());
  return std::to_string(offset) + ": " + error;
}

TEST_CASE("template: parse errors name the problem and its offset") {
  CHECK(ErrorAt("a } b") == "2: a lone '}' (write '}}' for a literal brace)");
  CHECK(ErrorAt("x {name") == "2: '{' is never closed (write '{{' for a literal brace)");
  CHECK(ErrorAt("{}") == "0: empty placeholder '{}'");
  CHECK(ErrorAt("{a b}") == "0: bad placeholder name 'a b' (letters, digits, '_', '.', '-')");
}

TEST_CASE("template: captures, facts, defaults and literal braces") {
  std::string error;
  size_t at = 0;
  auto t = Template::Parse("python{fact.python.version|3} -m pip install {module} {{x}} {missing}", &error, &at);
  REQUIRE(t);
  REQUIRE(t->placeholders().size() == 3);
  CHECK(t->placeholders()[0].is_fact);
  CHECK(t->placeholders()[0].name == "python.version");
  Facts facts;
  CHECK(t->Expand({{"module", "pyyaml"}}, facts) == "python3 -m pip install pyyaml {x} ");
  facts["python.version"] = {"3.13", "3.12"};
  CHECK(t->Expand({{"module", "pyyaml"}}, facts) == "python3.13 -m pip install pyyaml {x} ");
}

TEST_CASE("template: inserted values are never expanded again") {
  std::string error;
  size_t at = 0;
  auto t = Template::Parse("[{v}]", &error, &at);
  REQUIRE(t);
  CHECK(t->Expand({{"v", "{v}{fact.os}}{{"}}, {}) == "[{v}{fact.os}}{{]");
}

// ---------------------------------------------------------------------------

Template Parsed(std::string_view text) {
  std::string error;
  size_t at = 0;
  auto t = Template::Parse(text, &error, &at);
  INFO("parse error: ", error, " at ", at);
  REQUIRE(t.has_value());
  return *t;
}

// Each placeholder as NAME@OFFSET, a fact's name with its "fact." again.
std::vector<std::string> PlaceholdersOf(const Template& t) {
  std::vector<std::string> out;
  for (const auto& p : t.placeholders()) {
    out.push_back((p.is_fact ? "fact." : "") + p.name + "@" + std::to_string(p.offset));
  }
  return out;
}

TEST_CASE("template: a lone '}' is reported at its own offset") {
  CHECK(ErrorAt("}") == "0: a lone '}' (write '}}' for a literal brace)");
  CHECK(ErrorAt("run {cmd} now}") == "13: a lone '}' (write '}}' for a literal brace)");
  CHECK(ErrorAt("a}}}") == "3: a lone '}' (write '}}' for a literal brace)");
}

TEST_CASE("template: an unclosed '{' is reported where it opens") {
  CHECK(ErrorAt("{") == "0: '{' is never closed (write '{{' for a literal brace)");
  CHECK(ErrorAt("pip install {module") == "12: '{' is never closed (write '{{' for a literal brace)");
  CHECK(ErrorAt("{a} and {b") == "8: '{' is never closed (write '{{' for a literal brace)");
}

TEST_CASE("template: an empty placeholder is reported where it opens") {
  CHECK(ErrorAt("{}") == "0: empty placeholder '{}'");
  CHECK(ErrorAt("x = {} + 1") == "4: empty placeholder '{}'");
}

TEST_CASE("template: a bad placeholder name is quoted in the message") {
  CHECK(ErrorAt("{a b}") == "0: bad placeholder name 'a b' (letters, digits, '_', '.', '-')");
  CHECK(ErrorAt("see {path/to}") == "4: bad placeholder name 'path/to' (letters, digits, '_', '.', '-')");
  CHECK(ErrorAt("{fact.python version}") ==
        "0: bad placeholder name 'fact.python version' (letters, digits, '_', '.', '-')");
  CHECK(ErrorAt("{x|a{y}}") == "0: a placeholder's default is text or one placeholder, as in {a|text} or {a|{b}}");
  CHECK(ErrorAt("see {x|{a b}}") == "7: bad placeholder name 'a b' (letters, digits, '_', '.', '-')");
}

TEST_CASE("template: a default may be another placeholder, tried in order") {
  Template t = Parsed("{function|{frame.function|main}} at {path|{fact.os|{x}}}.");
  CHECK(PlaceholdersOf(t) ==
        std::vector<std::string>{"function@0", "frame.function@10", "path@36", "fact.os@42", "x@51"});
  Facts none;
  CHECK(t.Expand({}, none) == "main at .");
  CHECK(t.Expand({{"frame.function", "app::run"}, {"x", "X"}}, none) == "app::run at X.");
  CHECK(t.Expand({{"function", "f"}, {"frame.function", "g"}, {"path", "p"}}, none) == "f at p.");
  CHECK(t.Expand({{"function", ""}, {"frame.function", "g"}}, Facts{{"os", {"linux"}}}) == "g at linux.");
  // Closing braces after the nested ones are literal again.
  CHECK(Parsed("{a|{b}}}}").Expand({{"b", "B"}}, none) == "B}");
  CHECK(ErrorAt("{a|{b}") == "0: '{' is never closed (write '{{' for a literal brace)");
  CHECK(ErrorAt("x {a|{b} c}") == "2: '{' is never closed (write '{{' for a literal brace)");
  CHECK(ErrorAt("{a|{}}") == "3: empty placeholder '{}'");
}

TEST_CASE("template: names may hold letters, digits, '_', '.' and '-'") {
  Template t = Parsed("{a_1}{frame.file}{rust-crate}{fact.rust.crate.openssl-sys}");
  CHECK(PlaceholdersOf(t) ==
        std::vector<std::string>{"a_1@0", "frame.file@5", "rust-crate@17", "fact.rust.crate.openssl-sys@29"});
}

TEST_CASE("template: Expand inserts captures and the first value of a fact") {
  Template t = Parsed("{exception.type} in {module} on Python {fact.python.version}");
  Facts facts{{"python.version", {"3.13", "3.12"}}};
  CHECK(t.Expand({{"exception.type", "ModuleNotFoundError"}, {"module", "_cffi_backend"}}, facts) ==
        "ModuleNotFoundError in _cffi_backend on Python 3.13");
}

TEST_CASE("template: a default is used only when the value is missing") {
  Template t = Parsed("python{fact.python.version|3} -m pip install {pkg|the-package}");
  CHECK(t.Expand({}, {}) == "python3 -m pip install the-package");
  CHECK(t.Expand({{"pkg", "pyyaml"}}, {{"python.version", {"3.11"}}}) == "python3.11 -m pip install pyyaml");
  CHECK(t.Expand({}, {{"python.version", {}}}) == "python3 -m pip install the-package");
  Template empty_default = Parsed("[{x|}]");
  CHECK(empty_default.Expand({}, {}) == "[]");
}

TEST_CASE("template: a missing value with no default expands to nothing") {
  Template t = Parsed("a{missing}b{fact.os}c");
  CHECK(t.Expand({}, {}) == "abc");
}

TEST_CASE("template: doubled braces are literal braces") {
  Template t = Parsed("{{x}} {{ {v} }}");
  CHECK(t.placeholders().size() == 1);
  CHECK(t.Expand({{"v", "1"}}, {}) == "{x} { 1 }");
  CHECK(Parsed("{{}}").Expand({}, {}) == "{}");
  CHECK(Parsed("}}{{").Expand({}, {}) == "}{");
}

TEST_CASE("template: a capture value holding {x} or a fact name is inserted as is") {
  Template t = Parsed("{a}-{b}");
  CHECK(t.Expand({{"a", "{b}"}, {"b", "{fact.os|x}"}}, {{"os", {"linux"}}}) == "{b}-{fact.os|x}");
  Template f = Parsed("{fact.python.command}");
  CHECK(f.Expand({{"python.command", "no"}}, {{"python.command", {"{python.command}}"}}}) == "{python.command}}");
}

TEST_CASE("template: an empty text is an empty template") {
  Template t = Parsed("");
  CHECK(t.empty());
  CHECK(t.placeholders().empty());
  CHECK(t.Expand({}, {}) == "");
  CHECK_FALSE(Parsed("x").empty());
}

}  // namespace
}  // namespace tbx
