#include "rules/template.h"

#include <doctest/doctest.h>

namespace tbx {
namespace {

std::string Error(std::string_view text, size_t* offset) {
  std::string error;
  auto t = Template::Parse(text, &error, offset);
  CHECK_FALSE(t.has_value());
  return error;
}

TEST_CASE("template: parse errors name the problem and its offset") {
  size_t at = 0;
  CHECK(Error("a } b", &at) == "a lone '}' (write '}}' for a literal brace)");
  CHECK(at == 2);
  CHECK(Error("x {name", &at) == "'{' is never closed (write '{{' for a literal brace)");
  CHECK(at == 2);
  CHECK(Error("{}", &at) == "empty placeholder '{}'");
  CHECK(Error("{a b}", &at) == "bad placeholder name 'a b' (letters, digits, '_', '.', '-')");
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

}  // namespace
}  // namespace tbx
