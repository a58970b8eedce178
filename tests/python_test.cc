#include "parse/python.h"

#include <doctest/doctest.h>

#include "test_util.h"

namespace tbx {
namespace {

using namespace python;
using testing::EventsOf;

TEST_CASE("python: frame lines, with and without function, Windows and IPython Plain") {
  auto f = ParseFrameLine("  File \"/app/x.py\", line 12, in handler");
  REQUIRE(f);
  CHECK(f->file == "/app/x.py");
  CHECK(f->line == 12);
  CHECK(f->function == "handler");
  CHECK(f->indent == 2);
  auto syntax = ParseFrameLine("  File \"syn/bad.py\", line 2");
  REQUIRE(syntax);
  CHECK_FALSE(syntax->has_function);
  auto win = ParseFrameLine("  File \"C:\\Users\\a b\\x.py\", line 3, in <module>");
  REQUIRE(win);
  CHECK(win->file == "C:\\Users\\a b\\x.py");
  auto fault = ParseFrameLine("  File \"/a.py\", line 22 in deeper");  // faulthandler
  REQUIRE(fault);
  CHECK(fault->function == "deeper");
  auto plain = ParseFrameLine("  File /home/u/x.py:6 in parse");
  REQUIRE(plain);
  CHECK(plain->file == "/home/u/x.py");
  CHECK(plain->line == 6);
  CHECK_FALSE(ParseFrameLine("  File \"x.py\", line abc, in f"));
  CHECK_FALSE(ParseFrameLine("    return f(x)"));
}

TEST_CASE("python: exception lines") {
  auto x = ParseExceptionLine("pkg.errors.PaymentError: card declined");
  REQUIRE(x);
  CHECK(x->type == "pkg.errors.PaymentError");
  CHECK(x->message == "card declined");
  auto bare = ParseExceptionLine("KeyboardInterrupt");
  REQUIRE(bare);
  CHECK_FALSE(bare->has_message);
  auto locals = ParseExceptionLine("test_demo.f.<locals>.PaymentError: x");
  REQUIRE(locals);
  CHECK(locals->type == "test_demo.f.<locals>.PaymentError");
  CHECK_FALSE(ParseExceptionLine("http://example.com/x"));
  CHECK(ParseExceptionLine("RuntimeError:CUDA out of memory")->message == "CUDA out of memory");
  CHECK_FALSE(ParseExceptionLine("hello world: x"));
  CHECK_FALSE(ParseExceptionLine("3rd: x"));
}

TEST_CASE("python: bare exception lines must look like exceptions") {
  CHECK(IsBareExceptionLine("ModuleNotFoundError: No module named '_cffi_backend'"));
  CHECK(IsBareExceptionLine("pyo3_runtime.PanicException: Python API call failed"));
  CHECK(IsBareExceptionLine("KeyboardInterrupt"));
  CHECK_FALSE(IsBareExceptionLine("Error: update failed"));
  CHECK_FALSE(IsBareExceptionLine("Exception"));
  CHECK_FALSE(IsBareExceptionLine("UserWarning: deprecated"));
  CHECK_FALSE(IsBareExceptionLine("INFO: server started"));
  CHECK_FALSE(IsBareExceptionLine("  ValueError: indented"));
}

TEST_CASE("python: markers, chains, headers, repeats, new records") {
  CHECK(IsMarkerLine("           ~~~^~~"));
  CHECK_FALSE(IsMarkerLine("    x = 1"));
  CHECK(ParseChainSentence("The above exception was the direct cause of the following exception:") == Chain::kCause);
  CHECK(ParseChainSentence("During handling of the above exception, another exception occurred:") == Chain::kContext);
  CHECK(FindHeader("> Traceback (most recent call last):") == size_t{2});
  CHECK(FindHeader("Traceback (most recent call last):") == size_t{0});
  CHECK_FALSE(FindHeader("Traceback (most recent call last): not at the end"));
  CHECK(ParseRepeatLine("  [Previous line repeated 996 more times]") == 996);
  CHECK(ParseRepeatLine("  [Previous line repeated 1 more time]") == 1);
  CHECK(LooksLikeNewRecord("2024-05-01 12:00:00 INFO x"));
  CHECK(LooksLikeNewRecord("user@host:~/p$ python x.py"));
  CHECK(LooksLikeNewRecord("=========== FAILURES ==========="));
  CHECK(LooksLikeNewRecord("   Compiling serde v1.0.1"));
  CHECK_FALSE(LooksLikeNewRecord("second line of a message"));
  CHECK(IsPreamble("Exception in thread Thread-1 (worker):"));
  CHECK(ParseFatalError("Fatal Python error: Segmentation fault") == std::string_view("Segmentation fault"));
}

TEST_CASE("python: exception group margins") {
  auto g = ParseGroupLine("    | ValueError: 1");
  REQUIRE(g);
  CHECK(g->kind == GroupLine::kContent);
  CHECK(g->depth == 2);
  CHECK(g->content == "ValueError: 1");
  CHECK(ParseGroupLine("  +-+---------------- 1 ----------------")->kind == GroupLine::kSeparator);
  CHECK(ParseGroupLine("  +-+---------------- 1 ----------------")->depth == 2);
  CHECK(ParseGroupLine("    +---------------- 2 ----------------")->depth == 2);
  CHECK(ParseGroupLine("    +------------------------------------")->kind == GroupLine::kClose);
  CHECK_FALSE(ParseGroupLine("| no indent"));
}

TEST_CASE("python: a chained traceback is one event with its exceptions in printed order") {
  auto events = EventsOf(
      "Traceback (most recent call last):\n  File \"a.py\", line 3, in load\n    return cfg[\"port\"]\n"
      "KeyError: 'port'\n\nDuring handling of the above exception, another exception occurred:\n\n"
      "Traceback (most recent call last):\n  File \"a.py\", line 7, in <module>\n    load({})\n"
      "ValueError: bad\n");
  REQUIRE(events.size() == 1);
  REQUIRE(events[0].exceptions.size() == 2);
  CHECK(events[0].exceptions[0].type == "KeyError");
  CHECK(events[0].exceptions[0].frames.frames()[0].code == "return cfg[\"port\"]");
  CHECK(events[0].exceptions[1].chain == Chain::kContext);
  CHECK(events[0].first_line == 1);
  CHECK(events[0].last_line == 11);
}

TEST_CASE("python: a traceback without its header or its exception line is partial, not lost") {
  auto no_header = EventsOf("  File \"a.py\", line 1, in f\n    f()\nValueError: x\n");
  REQUIRE(no_header.size() == 1);
  CHECK(no_header[0].partial);
  CHECK(no_header[0].partial_reason == "the traceback header is missing");
  CHECK(no_header[0].exceptions[0].type == "ValueError");
  auto cut = EventsOf("Traceback (most recent call last):\n  File \"a.py\", line 1, in f\n    f()\n");
  REQUIRE(cut.size() == 1);
  CHECK(cut[0].partial);
  CHECK(cut[0].exceptions[0].type.empty());
  CHECK(cut[0].exceptions[0].frames.size() == 1);
}

TEST_CASE("python: SyntaxError keeps its location apart from the frames") {
  auto events = EventsOf("  File \"/app/x.py\", line 2\n    x = 1 +* 2\n           ^\nSyntaxError: invalid syntax\n");
  REQUIRE(events.size() == 1);
  const Exception& x = events[0].exceptions[0];
  CHECK(x.type == "SyntaxError");
  CHECK(x.frames.empty());
  REQUIRE(x.location);
  CHECK(x.location->file == "/app/x.py");
  CHECK(x.location->line == 2);
  CHECK(x.location->code == "x = 1 +* 2");
}

TEST_CASE("python: a message may continue over lines, and notes follow it") {
  auto events = EventsOf("Traceback (most recent call last):\n  File \"a.py\", line 1, in f\nRuntimeError: first\nsecond\n  third\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].exceptions[0].message == "first\nsecond\n  third");
}

TEST_CASE("python: a header prefix on the first line only (prompt style) is taken off") {
  auto events = EventsOf("> Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\nImportError: y\n");
  REQUIRE(events.size() == 1);
  CHECK_FALSE(events[0].partial);
  CHECK(events[0].exceptions[0].frames.size() == 1);
}

TEST_CASE("python: tab-indented and CRLF pastes parse like the original") {
  auto events = EventsOf("Traceback (most recent call last):\r\n\tFile \"a.py\", line 1, in <module>\r\n\t\tf()\r\nNameError: name 'f' is not defined\r\n");
  REQUIRE(events.size() == 1);
  CHECK_FALSE(events[0].partial);
  REQUIRE(events[0].exceptions[0].frames.size() == 1);
  CHECK(events[0].exceptions[0].frames.frames()[0].code == "f()");
  CHECK(events[0].exceptions[0].message == "name 'f' is not defined");
}

}  // namespace
}  // namespace tbx
