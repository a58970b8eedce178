#include <doctest/doctest.h>

#include <cstdint>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>

#include "parse/origin.h"
#include "util/fd_streambuf.h"
#include "util/json_writer.h"
#include "util/spellcheck.h"
#include "util/strings.h"
#include "util/term.h"

namespace tbx {
namespace {

std::string Json(std::string_view s) {
  std::string out;
  JsonWriter::AppendString(&out, s);
  return out;
}

TEST_CASE("json_writer: escaping, control characters and invalid UTF-8") {
  CHECK(Json("a\"b\\c\n\t") == "\"a\\\"b\\\\c\\n\\t\"");
  CHECK(Json("\x1b[31m") == "\"\\u001b[31m\"");
  CHECK(Json(std::string("\0", 1)) == "\"\\u0000\"");
  CHECK(Json("\xff") == "\"\xEF\xBF\xBD\"");
  CHECK(Json("\xC2\x9B") == "\"\\u009b\"");
  CHECK(Json("caf\xC3\xA9") == "\"caf\xC3\xA9\"");
}

TEST_CASE("json_writer: strings of random bytes, as made valid and then escaped one byte at a time") {
  // The writer copies plain runs whole; this is the same written plainly.
  auto reference = [](std::string_view s) {
    std::string valid, out = "\"";
    AppendValidUtf8(s, &valid);
    const char* hex = "0123456789abcdef";
    for (size_t i = 0; i < valid.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(valid[i]);
      unsigned char next = i + 1 < valid.size() ? static_cast<unsigned char>(valid[i + 1]) : 0;
      if (c == 0xC2 && next >= 0x80 && next <= 0x9F) {
        out += std::string("\\u00") + hex[next >> 4] + hex[next & 15];
        ++i;
      } else if (c == '"' || c == '\\') {
        out += std::string("\\") + static_cast<char>(c);
      } else if (c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
        out += std::string("\\") + "nrtbf"[std::string_view("\n\r\t\b\f").find(static_cast<char>(c))];
      } else if (c < 0x20 || c == 0x7F) {
        out += std::string("\\u00") + hex[c >> 4] + hex[c & 15];
      } else {
        out += static_cast<char>(c);
      }
    }
    return out + "\"";
  };
  uint32_t x = 12345;
  const std::string pieces[] = {"a", "Z", " ", "\"", "\\", "\n", "\x01", "\x7f", "\xc2\x9b", "\xc2\xa0", "\xc2",
                                "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xed\xa0\x80", "\x80", "\xff"};
  for (int round = 0; round < 5000; ++round) {
    std::string s;
    for (int k = static_cast<int>((x = x * 1103515245 + 12345) >> 16) % 12; k > 0; --k) {
      s += pieces[((x = x * 1103515245 + 12345) >> 16) % std::size(pieces)];
    }
    CAPTURE(s);
    CHECK(Json(s) == reference(s));
  }
  // Plain runs are tested sixteen bytes at a time (eight without SSE2),
  // the last sixteen of a string overlapping those before: every byte value
  // at every offset of strings shorter than a step, of one, between one and
  // two, and longer, and next to another in the same step.
  for (size_t len : {7, 15, 16, 17, 24, 31, 32, 33, 40}) {
    for (int b = 0; b < 256; ++b) {
      for (size_t at = 0; at < len; ++at) {
        std::string s(len, 'a');
        s[at] = static_cast<char>(b);
        if (at + 1 < s.size()) s[at + 1] = static_cast<char>(b == 0x7F ? 0x1F : b ^ 1);
        CAPTURE(len);
        CAPTURE(b);
        CAPTURE(at);
        CHECK(Json(s) == reference(s));
      }
    }
  }
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

TEST_CASE("json_writer: a key from the input is escaped, a literal one written as it is, both alike when plain") {
  for (int indent : {0, 2}) {
    std::ostringstream lit, view;
    {
      JsonWriter w(lit, indent);
      w.BeginObject();
      w.Key("first_line");
      w.Int(3);
      w.Key("b");
      w.BeginObject();
      w.EndObject();
      w.EndObject();
    }
    {
      JsonWriter w(view, indent);
      w.BeginObject();
      w.KeyFrom(std::string_view("first_line"));
      w.Int(3);
      w.KeyFrom(std::string("b"));
      w.BeginObject();
      w.EndObject();
      w.EndObject();
    }
    CHECK(lit.str() == view.str());
    CHECK(lit.str() == (indent ? "{\n  \"first_line\": 3,\n  \"b\": {}\n}" : "{\"first_line\":3,\"b\":{}}"));
  }
  std::ostringstream out;
  {
    JsonWriter w(out, 0);
    w.BeginObject();
    w.KeyFrom(std::string("rust.crate.\"x\n"));
    w.Null();
    w.EndObject();
  }
  CHECK(out.str() == "{\"rust.crate.\\\"x\\n\":null}");
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

// ---------------------------------------------------------------------------

TEST_CASE("json_writer: quotes, backslashes and the short escapes") {
  CHECK(Json("") == "\"\"");
  CHECK(Json("say \"hi\"") == "\"say \\\"hi\\\"\"");
  CHECK(Json("C:\\Users\\x") == "\"C:\\\\Users\\\\x\"");
  CHECK(Json("a\r\nb") == "\"a\\r\\nb\"");
  CHECK(Json("\b\f") == "\"\\b\\f\"");
  CHECK(Json("/") == "\"/\"");
}

TEST_CASE("json_writer: every other control character is \\u00XX, ESC and DEL included") {
  CHECK(Json("\x01") == "\"\\u0001\"");
  CHECK(Json("\x07") == "\"\\u0007\"");
  CHECK(Json("\x0b") == "\"\\u000b\"");
  CHECK(Json("\x1b") == "\"\\u001b\"");
  CHECK(Json("\x1f") == "\"\\u001f\"");
  CHECK(Json("\x7f") == "\"\\u007f\"");
  CHECK(Json("\x1b]8;;http://x\x1b\\") == "\"\\u001b]8;;http://x\\u001b\\\\\"");
  CHECK(Json("\xC2\x80\xC2\x9F") == "\"\\u0080\\u009f\"");  // C1 controls
  CHECK(Json("\xC2\xA0") == "\"\xC2\xA0\"");                // NBSP is no control
}

TEST_CASE("json_writer: each invalid UTF-8 byte becomes U+FFFD; valid text is kept") {
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(Json("a\xff\xfe" "b") == "\"a" + fffd + fffd + "b\"");
  CHECK(Json("\xC0\x80") == "\"" + fffd + fffd + "\"");              // overlong NUL
  CHECK(Json("\xED\xA0\x80") == "\"" + fffd + fffd + fffd + "\"");   // a surrogate
  CHECK(Json("\xF4\x90\x80\x80") == "\"" + fffd + fffd + fffd + fffd + "\"");  // past U+10FFFF
  CHECK(Json("\xE2\x82") == "\"" + fffd + fffd + "\"");              // cut short
  CHECK(Json("\xE2\x82\xAC \xF0\x9F\x98\x80 \xE4\xB8\xAD") == "\"\xE2\x82\xAC \xF0\x9F\x98\x80 \xE4\xB8\xAD\"");
}

TEST_CASE("json_writer: the output is valid UTF-8 without raw control bytes, whatever the input") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  std::string pairs;
  for (int i = 0x80; i < 256; i += 3) {
    pairs += static_cast<char>(i);
    pairs += static_cast<char>(0xFF - i / 2);
  }
  for (const std::string& in : {all, pairs, all + pairs + all}) {
    std::string out = Json(in);
    CHECK(IsValidUtf8(out));
    bool raw_control = false;
    for (unsigned char c : out) raw_control |= c < 0x20 || c == 0x7F;
    CHECK_FALSE(raw_control);
    CHECK(out.find("\xC2\x9B") == std::string::npos);  // no raw CSI
  }
}

TEST_CASE("json_writer: each outermost value reaches the stream when it closes") {
  // JSON Lines: the renderer writes '\n' to the stream itself after each
  // object, so the object must be there before it.
  std::ostringstream out;
  {
    JsonWriter w(out, 0);
    w.BeginObject();
    w.Key("n");
    w.Int(INT64_MIN);
    CHECK(out.str().empty());  // still open: buffered
    w.EndObject();
    out << '\n';
    w.BeginArray();
    w.Int(INT64_MAX);
    w.EndArray();
    out << '\n';
    w.String("alone");
  }
  CHECK(out.str() == "{\"n\":-9223372036854775808}\n[9223372036854775807]\n\"alone\"");
  // A value larger than the buffer is handed over in pieces, in order.
  std::ostringstream big;
  JsonWriter w(big, 0);
  w.BeginArray();
  std::string expected = "[";
  for (int i = 0; i < 20000; ++i) {
    w.String("abcdefgh");
    expected += (i ? "," : "") + std::string("\"abcdefgh\"");
    w.BeginArray();
    w.EndArray();
    expected += ",[]";
  }
  CHECK(big.str().size() >= 64 * 1024);  // not all held back
  w.EndArray();
  CHECK(big.str() == expected + "]");
}

TEST_CASE("json_writer: keys, nesting and indentation") {
  std::ostringstream out;
  JsonWriter w(out, 2);
  w.BeginObject();
  w.KeyFrom("a\"b");  // from the input: a literal key that needs escaping does not compile
  w.BeginArray();
  w.EndArray();
  w.Key("o");
  w.BeginObject();
  w.Key("n");
  w.Int(-5);
  w.EndObject();
  w.EndObject();
  CHECK(out.str() == "{\n  \"a\\\"b\": [],\n  \"o\": {\n    \"n\": -5\n  }\n}");
}

TEST_CASE("term: Printable escapes ESC, BEL, backspace, CR, LF and DEL as \\xNN") {
  CHECK(Printable("\x1b[2J") == "\\x1b[2J");
  CHECK(Printable("ding\x07") == "ding\\x07");
  CHECK(Printable("abc\x08\x08\x08xyz") == "abc\\x08\\x08\\x08xyz");
  CHECK(Printable("over\rwrite") == "over\\x0dwrite");
  CHECK(Printable("two\nlines") == "two\\x0alines");
  CHECK(Printable(std::string("nul\0", 4)) == "nul\\x00");
  CHECK(Printable("\x7f") == "\\x7f");
}

TEST_CASE("term: Printable escapes C1 controls and replaces invalid UTF-8") {
  CHECK(Printable("\xC2\x9B" "31m") == "\\u009b31m");
  CHECK(Printable("\xC2\x85") == "\\u0085");
  CHECK(Printable("\xC2\x9D" "0;x\x07") == "\\u009d0;x\\x07");
  CHECK(Printable("a\xC3" "b") == "a\xEF\xBF\xBD" "b");
  CHECK(Printable("\x9B") == "\xEF\xBF\xBD");  // a lone C1 byte is not UTF-8
}

TEST_CASE("term: Printable keeps tabs, blanks and UTF-8 text as they are") {
  CHECK(Printable("a\tb") == "a\tb");
  CHECK(Printable("caf\xC3\xA9 \xE2\x86\x92 \xF0\x9F\x90\x8D") == "caf\xC3\xA9 \xE2\x86\x92 \xF0\x9F\x90\x8D");
  CHECK(Printable("\xC2\xA0nbsp") == "\xC2\xA0nbsp");
  CHECK(Printable("") == "");
}

TEST_CASE("spellcheck: EditDistance counts insertions, deletions and substitutions") {
  CHECK(EditDistance("", "", 3) == 0);
  CHECK(EditDistance("abc", "abc", 0) == 0);
  CHECK(EditDistance("", "abc", 5) == 3);
  CHECK(EditDistance("abc", "", 5) == 3);
  CHECK(EditDistance("flaw", "lawn", 5) == 2);
  CHECK(EditDistance("type", "tpye", 5) == 2);  // a transposition is two edits
  CHECK(EditDistance("explaination", "explanation", 5) == 1);
}

TEST_CASE("spellcheck: EditDistance is capped at max + 1") {
  CHECK(EditDistance("abc", "abd", 0) == 1);
  CHECK(EditDistance("kitten", "sitting", 2) == 3);
  CHECK(EditDistance("kitten", "sitting", 1) == 2);
  CHECK(EditDistance("abcdefgh", "zyxwvuts", 3) == 4);
}

TEST_CASE("spellcheck: suggests the closest candidate within two edits and less than half the word") {
  std::vector<std::string> keys = {"id", "title", "severity", "priority", "match", "explanation", "remediation"};
  CHECK(Spellcheck("explaination", keys) == "explanation");
  CHECK(Spellcheck("titel", keys) == "title");
  CHECK(Spellcheck("priorty", keys) == "priority");
  CHECK(Spellcheck("remedation", keys) == "remediation");
  CHECK(Spellcheck("ix", keys) == "");        // one edit is half of "ix": too far
  CHECK(Spellcheck("colour", keys) == "");
  CHECK(Spellcheck("", keys) == "");
  CHECK(Spellcheck("match", {}) == "");
  CHECK(Spellcheck("mach", {"march", "match"}) == "march");  // equally close: the first wins
}

TEST_CASE("strings: NormalizeProse joins paragraph lines and keeps paragraph breaks") {
  CHECK(NormalizeProse("The module\nis missing.\n") == "The module is missing.");
  CHECK(NormalizeProse("one\n\n\n\ntwo\n") == "one\n\ntwo");
  CHECK(NormalizeProse("\n\nlead\n") == "lead");
  CHECK(NormalizeProse("trailing  \nblanks\t\n\n") == "trailing blanks");
  CHECK(NormalizeProse("") == "");
}

TEST_CASE("strings: NormalizeProse keeps list items and indented lines on their own lines") {
  CHECK(NormalizeProse("Either:\n- install it\n- or vendor it\nthen run again.\n") ==
        "Either:\n- install it\n- or vendor it\nthen run again.");
  CHECK(NormalizeProse("Run\n  $ pip install x\n  $ python app.py\nand retry.") ==
        "Run\n  $ pip install x\n  $ python app.py\nand retry.");
  CHECK(NormalizeProse("* star\n* items") == "* star\n* items");
  CHECK(NormalizeProse("-1 is not a list\nitem") == "-1 is not a list item");
}

TEST_CASE("strings: AppendBounded never splits a UTF-8 sequence and appends to what is there") {
  std::string out = "x";
  CHECK_FALSE(AppendBounded("abc", 3, &out));
  CHECK(out == "xabc");
  out.clear();
  CHECK(AppendBounded("\xE2\x82\xAC\xE2\x82\xAC", 4, &out));  // two euro signs, room for one and a bit
  CHECK(out == "\xE2\x82\xAC");
  out.clear();
  CHECK(AppendBounded("a\xF0\x9F\x98\x80" "b", 4, &out));  // the emoji needs bytes 1-4
  CHECK(out == "a");
  out.clear();
  CHECK(AppendBounded("a\xF0\x9F\x98\x80" "b", 5, &out));
  CHECK(out == "a\xF0\x9F\x98\x80");
  out.clear();
  CHECK(AppendBounded("abc", 0, &out));
  CHECK(out == "");
  CHECK(IsValidUtf8(out));
}

TEST_CASE("strings: Trim, LeadingSpaces, Split, Join and BaseName") {
  CHECK(TrimLeft("\t x ") == "x ");
  CHECK(TrimRight(" x\r\n") == " x");
  CHECK(Trim("\v\fx\f") == "x");
  CHECK(LeadingSpaces("\t  x") == 3);
  CHECK(LeadingSpaces("x") == 0);
  CHECK(Split("a,,b,", ',') == std::vector<std::string_view>{"a", "", "b", ""});
  CHECK(Split("", ',') == std::vector<std::string_view>{""});
  CHECK(Join({"a", "b", "c"}, ", ") == "a, b, c");
  CHECK(Join({}, ", ") == "");
  CHECK(BaseName("/usr/lib/x.py") == "x.py");
  CHECK(BaseName("x.py") == "x.py");
  CHECK(ParseUint("0") == 0);
  CHECK_FALSE(ParseUint(""));
  CHECK_FALSE(ParseUint("-1"));
}

// ---------------------------------------------------------------------------
// Origins (src/parse/origin.h).

TEST_CASE("origin: Python libraries are site-packages, dist-packages and eggs") {
  CHECK(ClassifyPythonFile("/opt/python/nacl/signing.py") == Origin::kLibrary);  // a Lambda layer
  CHECK(ClassifyPythonFile("/var/runtime/bootstrap.py") == Origin::kLibrary);    // Lambda's runtime
  CHECK(ClassifyPythonFile("/var/task/app/handlers/webhook.py") == Origin::kUser);
  CHECK(ClassifyPythonFile("parsers.pyx") == Origin::kLibrary);  // Cython, no folder
  CHECK(ClassifyPythonFile("/home/a/proj/fastmath.pyx") == Origin::kUser);
  CHECK(ClassifyPythonFile("/home/u/.local/lib/python3.13/site-packages/supabase/__init__.py") == Origin::kLibrary);
  CHECK(ClassifyPythonFile("/usr/lib/python3/dist-packages/cryptography/hazmat/_oid.py") == Origin::kLibrary);
  CHECK(ClassifyPythonFile("/opt/conda/lib/python3.8/site-packages/cv2/__init__.py") == Origin::kLibrary);
  CHECK(ClassifyPythonFile("/usr/lib/python2.7/site-packages/foo-1.0-py2.7.egg/foo/x.py") == Origin::kLibrary);
  CHECK(ClassifyPythonFile("/srv/eggs/foo-1.0-py3.11.egg/foo/x.py") == Origin::kLibrary);
  CHECK(ClassifyPythonFile("C:\\proj\\.venv\\Lib\\site-packages\\flask\\app.py") == Origin::kLibrary);
}

TEST_CASE("origin: the Python standard library: lib/pythonX.Y, Windows' Lib and <frozen ...>") {
  CHECK(ClassifyPythonFile("/usr/lib/python3.11/json/decoder.py") == Origin::kStdlib);
  CHECK(ClassifyPythonFile("/usr/local/lib/python3.12/asyncio/runners.py") == Origin::kStdlib);
  CHECK(ClassifyPythonFile("/home/a/.pyenv/versions/3.11.7/lib/python3.11/importlib/__init__.py") == Origin::kStdlib);
  CHECK(ClassifyPythonFile("/usr/lib64/python3.9/ssl.py") == Origin::kStdlib);
  CHECK(ClassifyPythonFile("/Library/Frameworks/Python.framework/Versions/3.7/lib/python3.7/ssl.py") == Origin::kStdlib);
  CHECK(ClassifyPythonFile("C:\\Python313\\Lib\\subprocess.py") == Origin::kStdlib);
  CHECK(ClassifyPythonFile("C:\\Users\\x\\AppData\\Local\\Programs\\Python\\Python311\\Lib\\asyncio\\base_events.py") ==
        Origin::kStdlib);
  CHECK(ClassifyPythonFile("<frozen importlib._bootstrap>") == Origin::kStdlib);
  CHECK(ClassifyPythonFile("<frozen runpy>") == Origin::kStdlib);
}

TEST_CASE("origin: the user's Python code, and pseudo-files") {
  CHECK(ClassifyPythonFile("/home/dev/formats/src/py/simple.py") == Origin::kUser);
  CHECK(ClassifyPythonFile("simple.py") == Origin::kUser);
  CHECK(ClassifyPythonFile("C:\\Users\\me\\project\\main.py") == Origin::kUser);
  CHECK(ClassifyPythonFile("/home/u/proj/lib/python_utils/x.py") == Origin::kUser);
  CHECK(ClassifyPythonFile("/home/u/proj/mylib/python3/x.py") == Origin::kUser);
  CHECK(ClassifyPythonFile("<stdin>") == Origin::kUser);
  CHECK(ClassifyPythonFile("<python-input-0>") == Origin::kUser);
  CHECK(ClassifyPythonFile("<ipython-input-3-5e8a9f6c2b1d>") == Origin::kUser);
  CHECK(ClassifyPythonFile("<string>") == Origin::kUnknown);
  CHECK(ClassifyPythonFile("<generated>") == Origin::kUnknown);
  CHECK(ClassifyPythonFile("") == Origin::kUnknown);
}

TEST_CASE("origin: console-script wrappers pip generates are not the user's code") {
  CHECK(ClassifyPythonFile("/home/priya/billing/.venv/bin/billing-worker") == Origin::kUnknown);
  CHECK(ClassifyPythonFile("/opt/hostedtoolcache/Python/3.12.3/x64/bin/tidewatch") == Origin::kUnknown);
  CHECK(ClassifyPythonFile("C:\\proj\\.venv\\Scripts\\black.exe\\__main__.py") == Origin::kUnknown);
  CHECK(ClassifyPythonFile("/home/priya/billing/bin/tool.py") == Origin::kUser);
  CHECK(ClassifyPythonFile("/usr/lib64/python3.9/ssl.py") == Origin::kStdlib);
  CHECK(ClassifyPythonFile("C:\\Users\\x\\miniconda3\\Lib\\json\\decoder.py") == Origin::kStdlib);
}

TEST_CASE("origin: a user's own lib folder on Windows is the user's code, not the standard library") {
  CHECK(ClassifyPythonFile("C:\\Users\\me\\project\\lib\\helpers.py") == Origin::kUser);
}

TEST_CASE("origin: Rust frames by path") {
  CHECK(ClassifyRustFrame("/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/option.rs", "") ==
        Origin::kStdlib);
  CHECK(ClassifyRustFrame("/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/panicking.rs",
                          "std::panicking::begin_panic") == Origin::kStdlib);
  CHECK(ClassifyRustFrame("/home/u/.cargo/registry/src/index.crates.io-6f17d22bba15001f/tokio-1.37.0/src/lib.rs",
                          "tokio::runtime::x") == Origin::kLibrary);
  CHECK(ClassifyRustFrame("/usr/share/cargo/registry/pyo3-0.20.2/src/err/mod.rs", "") == Origin::kLibrary);
  CHECK(ClassifyRustFrame("/home/u/.cargo/git/checkouts/foo-1a2b3c/4d5e6f7/src/lib.rs", "") == Origin::kLibrary);
  CHECK(ClassifyRustFrame("C:\\Users\\me\\.cargo\\registry\\src\\index.crates.io-6f17d22bba15001f\\serde-1.0.0\\src\\de.rs", "") ==
        Origin::kLibrary);
  CHECK(ClassifyRustFrame("src/main.rs", "") == Origin::kUser);
  CHECK(ClassifyRustFrame("./src/lib.rs", "pyo3demo::parse_port") == Origin::kUser);
  CHECK(ClassifyRustFrame("/home/dev/formats/src/rs/panics/src/main.rs", "panics::main") == Origin::kUser);
  CHECK(ClassifyRustFrame("src\\main.rs", "") == Origin::kUser);
  CHECK(ClassifyRustFrame("./csu/../csu/libc-start.c", "__libc_start_main_impl") == Origin::kUnknown);
}

TEST_CASE("origin: Rust frames without a path, by symbol") {
  CHECK(ClassifyRustFrame("", "core::panicking::panic_fmt") == Origin::kStdlib);
  CHECK(ClassifyRustFrame("", "std::rt::lang_start_internal") == Origin::kStdlib);
  CHECK(ClassifyRustFrame("", "alloc::raw_vec::capacity_overflow") == Origin::kStdlib);
  CHECK(ClassifyRustFrame("", "std[e28293b1aa0f68bd]::panicking::default_hook") == Origin::kStdlib);
  CHECK(ClassifyRustFrame("", "__rustc::rust_begin_unwind") == Origin::kStdlib);
  CHECK(ClassifyRustFrame("", "rust_begin_unwind") == Origin::kStdlib);
  CHECK(ClassifyRustFrame("", "<alloc::vec::Vec<T> as core::ops::drop::Drop>::drop") == Origin::kStdlib);
  CHECK(ClassifyRustFrame("", "PyObject_Vectorcall") == Origin::kUnknown);
  CHECK(ClassifyRustFrame("", "<unknown>") == Origin::kUnknown);
  CHECK(ClassifyRustFrame("", "_start") == Origin::kUnknown);
  CHECK(ClassifyRustFrame("", "") == Origin::kUnknown);
}


TEST_CASE("fd_streambuf: what is written reaches the file whole and in order, and nothing before a flush") {
  char path[] = "/tmp/tbx_fdbuf_XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  auto on_disk = [&] {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  std::mt19937 rng(3);
  std::string want;
  {
    FdStreambuf buf(fd);
    std::ostream out(&buf);
    out << "small";
    want += "small";
    CHECK(on_disk().empty());  // held until the buffer fills or is flushed
    // Pieces of every size around the buffer's (64 KiB) and a single
    // character at a time.
    for (size_t size : {size_t{1}, size_t{1023}, size_t{1024}, size_t{65535}, size_t{65536}, size_t{65537},
                        size_t{200000}, size_t{7}}) {
      std::string piece(size, '\0');
      for (auto& c : piece) c = static_cast<char>('a' + rng() % 26);
      out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
      want += piece;
      out.put('\n');
      want += '\n';
    }
    out.flush();
    CHECK(on_disk() == want);
    out << "tail";
    want += "tail";
  }  // the rest is written when the buffer goes
  CHECK(on_disk() == want);
  close(fd);
  std::remove(path);
}

TEST_CASE("fd_streambuf: a write that fails makes the stream bad") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  close(fds[0]);  // nobody reads: write(2) fails with EPIPE (SIGPIPE ignored here)
  void (*old)(int) = signal(SIGPIPE, SIG_IGN);
  {
    FdStreambuf buf(fds[1]);
    std::ostream out(&buf);
    out << "lost";
    out.flush();
    CHECK(out.bad());
  }
  signal(SIGPIPE, old);
  close(fds[1]);
}

}  // namespace
}  // namespace tbx
