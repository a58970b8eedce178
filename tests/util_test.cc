#include <doctest/doctest.h>

#include <sstream>

#include "util/json_writer.h"
#include "util/spellcheck.h"
#include "util/strings.h"
#include "util/term.h"

namespace tbx {
namespace {

std::string Json(std::string_view s) {
  std::ostringstream out;
  JsonWriter::WriteString(out, s);
  return out.str();
}

TEST_CASE("json_writer: escaping, control characters and invalid UTF-8") {
  CHECK(Json("a\"b\\c\n\t") == "\"a\\\"b\\\\c\\n\\t\"");
  CHECK(Json("\x1b[31m") == "\"\\u001b[31m\"");
  CHECK(Json(std::string("\0", 1)) == "\"\\u0000\"");
  CHECK(Json("\xff") == "\"\xEF\xBF\xBD\"");
  CHECK(Json("\xC2\x9B") == "\"\\u009b\"");
  CHECK(Json("caf\xC3\xA9") == "\"caf\xC3\xA9\"");
}

TEST_CASE("json_writer: objects and arrays") {
  std::ostringstream out;
  JsonWriter w(out, 0);
  w.BeginObject();
  w.Key("a");
  w.BeginArray();
  w.Int(1);
  w.Null();
  w.Bool(true);
  w.EndArray();
  w.Key("b");
  w.String("x");
  w.EndObject();
  CHECK(out.str() == "{\"a\":[1,null,true],\"b\":\"x\"}");
}

TEST_CASE("term: Printable escapes controls, keeps tabs and UTF-8") {
  CHECK(Printable("a\x1b]52;c;x\x07z") == "a\\x1b]52;c;x\\x07z");
  CHECK(Printable("tab\tok \xC3\xA9") == "tab\tok \xC3\xA9");
  CHECK(Printable("\xC2\x9B") == "\\u009b");
  CHECK(Printable("\x08\x7f") == "\\x08\\x7f");
  CHECK(Printable("\xff") == "\xEF\xBF\xBD");
}

TEST_CASE("term: colour decisions") {
  auto none = [](const char*) -> const char* { return nullptr; };
  auto no_color = [](const char* n) -> const char* { return std::string_view(n) == "NO_COLOR" ? "1" : nullptr; };
  auto force = [](const char* n) -> const char* { return std::string_view(n) == "CLICOLOR_FORCE" ? "1" : nullptr; };
  CHECK(UseColor(ColorMode::kAlways, -1, none));
  CHECK_FALSE(UseColor(ColorMode::kNever, -1, force));
  CHECK_FALSE(UseColor(ColorMode::kAuto, -1, no_color));
  CHECK(UseColor(ColorMode::kAuto, -1, force));
  CHECK_FALSE(UseColor(ColorMode::kAuto, -1, none));  // not a terminal
}

TEST_CASE("strings: helpers") {
  CHECK(Trim("  a b \t") == "a b");
  CHECK(ParseUint("123") == 123);
  CHECK_FALSE(ParseUint("12a"));
  CHECK_FALSE(ParseUint("9999999999999999999"));
  CHECK(BaseName("C:\\x\\y.py") == "y.py");
  CHECK(IsValidUtf8("caf\xC3\xA9"));
  CHECK_FALSE(IsValidUtf8("\xC0\x80"));  // overlong
  CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  std::string out;
  CHECK(AppendBounded("ab\xC3\xA9", 3, &out));
  CHECK(out == "ab");  // does not split the two-byte character
  CHECK(NormalizeProse("one\ntwo\n\nthree\n- item\n  code\n") == "one two\n\nthree\n- item\n  code");
}

TEST_CASE("spellcheck: close words only") {
  CHECK(Spellcheck("mesage", {"message", "type", "frame"}) == "message");
  CHECK(Spellcheck("zzz", {"message", "type"}).empty());
  CHECK(EditDistance("kitten", "sitting", 5) == 3);
  CHECK(EditDistance("a", "abcdef", 2) == 3);  // capped at max + 1
}

}  // namespace
}  // namespace tbx
