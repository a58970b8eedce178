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

// ---------------------------------------------------------------------------
// The pure classifiers, case by case.

TEST_CASE("python: ParseFrameLine reads file, line, function and indent of a plain frame") {
  auto f = ParseFrameLine("  File \"/home/dev/formats/src/py/simple.py\", line 11, in <module>");
  REQUIRE(f);
  CHECK(f->file == "/home/dev/formats/src/py/simple.py");
  CHECK(f->line == 11);
  CHECK(f->function == "<module>");
  CHECK(f->has_function);
  CHECK(f->indent == 2);
}

TEST_CASE("python: ParseFrameLine keeps a Windows path's backslashes, drive and blanks") {
  auto f = ParseFrameLine("  File \"C:\\Python313\\Lib\\subprocess.py\", line 1038, in __init__");
  REQUIRE(f);
  CHECK(f->file == "C:\\Python313\\Lib\\subprocess.py");
  CHECK(f->line == 1038);
  CHECK(f->function == "__init__");
  auto spaced = ParseFrameLine(
      "  File \"C:\\Users\\rcolt\\OneDrive\\Desktop\\Auto Counter\\.venv\\Lib\\site-packages\\pytesseract\\pytesseract.py\", "
      "line 275, in run_tesseract");
  REQUIRE(spaced);
  CHECK(spaced->file ==
        "C:\\Users\\rcolt\\OneDrive\\Desktop\\Auto Counter\\.venv\\Lib\\site-packages\\pytesseract\\pytesseract.py");
  CHECK(spaced->line == 275);
  CHECK(spaced->function == "run_tesseract");
}

TEST_CASE("python: ParseFrameLine reads a SyntaxError location, which has no ', in'") {
  auto f = ParseFrameLine("  File \"/home/dev/formats/src/py/syn/invalid_syntax.py\", line 2");
  REQUIRE(f);
  CHECK(f->file == "/home/dev/formats/src/py/syn/invalid_syntax.py");
  CHECK(f->line == 2);
  CHECK_FALSE(f->has_function);
  CHECK(f->function.empty());
  CHECK(f->indent == 2);
  auto str = ParseFrameLine("  File \"<string>\", line 1");
  REQUIRE(str);
  CHECK(str->file == "<string>");
  CHECK(str->line == 1);
  CHECK_FALSE(str->has_function);
}

TEST_CASE("python: ParseFrameLine rejects source lines, carets and malformed frames") {
  CHECK_FALSE(ParseFrameLine("    raise RuntimeError(\"from -m\")"));
  CHECK_FALSE(ParseFrameLine("           ~~~^~~"));
  CHECK_FALSE(ParseFrameLine("  File \"a.py\""));
  CHECK_FALSE(ParseFrameLine("  File \"a.py\", line , in f"));
  CHECK_FALSE(ParseFrameLine("  File \"a.py\", line 3, at f"));
  CHECK_FALSE(ParseFrameLine("Traceback (most recent call last):"));
  CHECK_FALSE(ParseFrameLine(""));
}

TEST_CASE("python: ParseExceptionLine splits a qualified type from its message") {
  auto x = ParseExceptionLine("requests.exceptions.ConnectionError: HTTPSConnectionPool(host='x', port=443)");
  REQUIRE(x);
  CHECK(x->type == "requests.exceptions.ConnectionError");
  CHECK(x->message == "HTTPSConnectionPool(host='x', port=443)");
  CHECK(x->has_message);
  auto panic = ParseExceptionLine("pyo3_runtime.PanicException: Python API call failed");
  REQUIRE(panic);
  CHECK(panic->type == "pyo3_runtime.PanicException");
  CHECK(panic->message == "Python API call failed");
}

TEST_CASE("python: ParseExceptionLine accepts <locals> inside a qualified name") {
  auto x = ParseExceptionLine("__main__.main.<locals>.Boom: inner class");
  REQUIRE(x);
  CHECK(x->type == "__main__.main.<locals>.Boom");
  CHECK(x->message == "inner class");
}

TEST_CASE("python: ParseExceptionLine reads a bare type as having no message") {
  auto x = ParseExceptionLine("ValueError");
  REQUIRE(x);
  CHECK(x->type == "ValueError");
  CHECK(x->message.empty());
  CHECK_FALSE(x->has_message);
  auto q = ParseExceptionLine("asyncio.exceptions.CancelledError");
  REQUIRE(q);
  CHECK(q->type == "asyncio.exceptions.CancelledError");
  CHECK_FALSE(q->has_message);
}

TEST_CASE("python: ParseExceptionLine keeps a message's own colons and inner blanks") {
  auto x = ParseExceptionLine("KeyError: 'a: b'");
  REQUIRE(x);
  CHECK(x->type == "KeyError");
  CHECK(x->message == "'a: b'");
  auto spaced = ParseExceptionLine("ValueError:  two blanks");
  REQUIRE(spaced);
  CHECK(spaced->message == " two blanks");
}

TEST_CASE("python: ParseExceptionLine: a URL or a sentence is not an exception") {
  CHECK_FALSE(ParseExceptionLine("http://x"));
  CHECK_FALSE(ParseExceptionLine("https://pypi.org/simple/"));
  CHECK_FALSE(ParseExceptionLine("See https://x for details"));
  CHECK_FALSE(ParseExceptionLine("pkg..Error: x"));
  CHECK_FALSE(ParseExceptionLine("pkg.Error.: x"));
  CHECK_FALSE(ParseExceptionLine(".Error: x"));
  CHECK_FALSE(ParseExceptionLine(""));
}

TEST_CASE("python: IsBareExceptionLine accepts exception classes with or without message") {
  CHECK(IsBareExceptionLine("ImportError: libGL.so.1: cannot open shared object file"));
  CHECK(IsBareExceptionLine("requests.exceptions.ConnectionError: refused"));
  CHECK(IsBareExceptionLine("SystemExit: 2"));
  CHECK(IsBareExceptionLine("StopIteration"));
  CHECK(IsBareExceptionLine("ValueError"));
  CHECK(IsBareExceptionLine("ExceptionGroup: errors (2 sub-exceptions)"));
  CHECK_FALSE(IsBareExceptionLine("PermissionDenied: x"));  // no Error/Exception suffix
}

TEST_CASE("python: IsBareExceptionLine rejects 'Error: x', 'Exception' alone and log lines") {
  CHECK_FALSE(IsBareExceptionLine("Error: x"));
  CHECK_FALSE(IsBareExceptionLine("Error"));
  CHECK_FALSE(IsBareExceptionLine("Exception"));
  CHECK_FALSE(IsBareExceptionLine("ERROR: No matching distribution found for x"));
  CHECK_FALSE(IsBareExceptionLine("WARNING: Retrying"));
  CHECK_FALSE(IsBareExceptionLine("error: could not compile `x`"));
  CHECK_FALSE(IsBareExceptionLine("myError: lower-case class"));
  CHECK_FALSE(IsBareExceptionLine("Note: x"));
  CHECK_FALSE(IsBareExceptionLine("2024-01-01 ERROR ValueError: x"));
  CHECK_FALSE(IsBareExceptionLine(""));
}

TEST_CASE("python: IsMarkerLine accepts carets and tildes only") {
  CHECK(IsMarkerLine("           ^^^^^^^^^^^^^^^^^^^"));
  CHECK(IsMarkerLine("    ~~~~~^^"));
  CHECK(IsMarkerLine("^"));
  CHECK(IsMarkerLine("\t~~^"));
  CHECK_FALSE(IsMarkerLine(""));
  CHECK_FALSE(IsMarkerLine("      "));
  CHECK_FALSE(IsMarkerLine("    ^^^ here"));
  CHECK_FALSE(IsMarkerLine("    1 ^ 2"));
}

TEST_CASE("python: ParseChainSentence knows exactly the two sentences") {
  CHECK(ParseChainSentence("The above exception was the direct cause of the following exception:") == Chain::kCause);
  CHECK(ParseChainSentence("During handling of the above exception, another exception occurred:") == Chain::kContext);
  CHECK(ParseChainSentence("  During handling of the above exception, another exception occurred:  ") ==
        Chain::kContext);
  CHECK_FALSE(ParseChainSentence("The above exception was the direct cause of the following exception"));
  CHECK_FALSE(ParseChainSentence("During handling of the above exception"));
  CHECK_FALSE(ParseChainSentence(""));
}

TEST_CASE("python: FindHeader returns the length of a prefix before the header") {
  CHECK(FindHeader("Traceback (most recent call last):") == size_t{0});
  CHECK(FindHeader("> Traceback (most recent call last):") == size_t{2});
  CHECK(FindHeader("2024-01-01 ERROR Traceback (most recent call last):") == size_t{17});
  CHECK(FindHeader("Traceback (most recent call last):   ") == size_t{0});
  CHECK_FALSE(FindHeader("Traceback (most recent call first):"));
  CHECK_FALSE(FindHeader("Traceback:"));
  CHECK_FALSE(FindHeader(""));
}

TEST_CASE("python: ParseRepeatLine reads singular and plural counts") {
  CHECK(ParseRepeatLine("  [Previous line repeated 996 more times]") == 996);
  CHECK(ParseRepeatLine("  [Previous line repeated 1 more time]") == 1);
  CHECK(ParseRepeatLine("[Previous line repeated 2 more times]") == 2);
  CHECK_FALSE(ParseRepeatLine("  [Previous line repeated many more times]"));
  CHECK_FALSE(ParseRepeatLine("  [Previous line repeated 3 more]"));
  CHECK_FALSE(ParseRepeatLine("  Previous line repeated 3 more times"));
}

TEST_CASE("python: LooksLikeNewRecord: timestamps, levels and prompts start records; prose does not") {
  CHECK(LooksLikeNewRecord("[14/Mar/2024 09:12:44] \"GET /blog/ HTTP/1.1\" 500 145"));  // Django runserver
  CHECK(LooksLikeNewRecord("2024-01-01 ERROR something"));
  CHECK(LooksLikeNewRecord("[2024-01-01 12:00:00] x"));
  CHECK(LooksLikeNewRecord("12:34:56 worker started"));
  CHECK(LooksLikeNewRecord("INFO: Uvicorn running"));
  CHECK(LooksLikeNewRecord("WARNING:root:retrying"));
  CHECK(LooksLikeNewRecord("$ python app.py"));
  CHECK(LooksLikeNewRecord(">>> import x"));
  CHECK(LooksLikeNewRecord("PS C:\\Users\\me> python app.py"));
  CHECK(LooksLikeNewRecord("Error: update failed"));
  CHECK_FALSE(LooksLikeNewRecord("second line"));
  CHECK_FALSE(LooksLikeNewRecord("  indented third"));
  CHECK_FALSE(LooksLikeNewRecord("Did you mean: 'append'?"));
  CHECK_FALSE(LooksLikeNewRecord("user@example.com wrote $5"));
  CHECK_FALSE(LooksLikeNewRecord(""));
}

// ---------------------------------------------------------------------------
// The recognizer, through the splitter, on CPython's own output.

std::vector<Event> PyFile(const std::string& name) { return EventsOf(testing::SharedFormat("python/" + name)); }

const std::vector<Frame>& FramesOf(const Exception& x) { return x.frames.frames(); }

TEST_CASE("python: simple_py3.11.txt is one complete event with four frames and their source") {
  auto events = PyFile("simple_py3.11.txt");
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.kind == kPythonTraceback);
  CHECK(e.first_line == 1);
  CHECK(e.last_line == 13);
  CHECK_FALSE(e.partial);
  REQUIRE(e.exceptions.size() == 1);
  const Exception& x = e.exceptions[0];
  CHECK(x.type == "ZeroDivisionError");
  CHECK(x.message == "division by zero");
  CHECK(x.chain == Chain::kNone);
  CHECK(x.input_line == 13);
  CHECK_FALSE(x.location);
  const auto& f = FramesOf(x);
  REQUIRE(f.size() == 4);
  CHECK(f[0].file == "/home/dev/formats/src/py/simple.py");
  CHECK(f[0].line == 11);
  CHECK(f[0].function == "<module>");
  CHECK(f[0].code == "outer()");
  CHECK(f[0].input_line == 2);
  CHECK(f[1].line == 9);
  CHECK(f[1].function == "outer");
  CHECK(f[1].code == "return middle(values[\"a\"])");
  CHECK(f[2].line == 5);
  CHECK(f[2].function == "middle");
  CHECK(f[3].line == 2);
  CHECK(f[3].function == "inner");
  CHECK(f[3].code == "return 10 / x");
  CHECK(f[3].input_line == 10);
  for (const Frame& fr : f) {
    CHECK(fr.origin == Origin::kUser);
    CHECK(fr.index == -1);
    CHECK(fr.repeated == 0);
  }
}

TEST_CASE("python: chained_cause_py3.11.txt gives the cause first, then the exception it caused") {
  auto events = PyFile("chained_cause_py3.11.txt");
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.first_line == 1);
  CHECK(e.last_line == 14);
  CHECK_FALSE(e.partial);
  REQUIRE(e.exceptions.size() == 2);
  CHECK(e.exceptions[0].type == "ValueError");
  CHECK(e.exceptions[0].message == "invalid literal for int() with base 10: 'http'");
  CHECK(e.exceptions[0].chain == Chain::kNone);
  REQUIRE(e.exceptions[0].frames.size() == 1);
  CHECK(FramesOf(e.exceptions[0])[0].line == 6);
  CHECK(FramesOf(e.exceptions[0])[0].function == "parse");
  CHECK(e.exceptions[1].type == "ConfigError");
  CHECK(e.exceptions[1].message == "invalid port: 'http'");
  CHECK(e.exceptions[1].chain == Chain::kCause);
  REQUIRE(e.exceptions[1].frames.size() == 2);
  CHECK(FramesOf(e.exceptions[1])[0].line == 10);
  CHECK(FramesOf(e.exceptions[1])[1].line == 8);
  CHECK(FramesOf(e.exceptions[1])[1].code == "raise ConfigError(f\"invalid port: {text!r}\") from exc");
  CHECK(e.exceptions[1].input_line == 14);
}

TEST_CASE("python: chained_three_py3.11.txt keeps three exceptions with cause and context") {
  auto events = PyFile("chained_three_py3.11.txt");
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.first_line == 1);
  CHECK(e.last_line == 24);
  CHECK_FALSE(e.partial);
  REQUIRE(e.exceptions.size() == 3);
  CHECK(e.exceptions[0].type == "FileNotFoundError");
  CHECK(e.exceptions[0].message == "[Errno 2] No such file or directory");
  CHECK(e.exceptions[0].chain == Chain::kNone);
  CHECK(e.exceptions[1].type == "RuntimeError");
  CHECK(e.exceptions[1].message == "b failed");
  CHECK(e.exceptions[1].chain == Chain::kCause);
  CHECK(e.exceptions[2].type == "KeyError");
  CHECK(e.exceptions[2].message == "'c'");
  CHECK(e.exceptions[2].chain == Chain::kContext);
  for (const auto& x : e.exceptions) CHECK(x.frames.size() == 2);
  CHECK(FramesOf(e.exceptions[0])[1].function == "a");
  CHECK(FramesOf(e.exceptions[2])[0].function == "<module>");
  CHECK(FramesOf(e.exceptions[2])[0].line == 13);
}

TEST_CASE("python: recursion_py3.11.txt puts the repeat count on the frame before it") {
  auto events = PyFile("recursion_py3.11.txt");
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.last_line == 14);
  CHECK_FALSE(e.partial);
  REQUIRE(e.exceptions.size() == 1);
  CHECK(e.exceptions[0].type == "RecursionError");
  CHECK(e.exceptions[0].message == "maximum recursion depth exceeded");
  const auto& f = FramesOf(e.exceptions[0]);
  REQUIRE(f.size() == 4);
  CHECK(f[0].function == "<module>");
  CHECK(f[0].repeated == 0);
  CHECK(f[1].repeated == 0);
  CHECK(f[2].repeated == 0);
  CHECK(f[3].function == "recurse");
  CHECK(f[3].line == 2);
  CHECK(f[3].code == "return recurse(n + 1)");
  CHECK(f[3].repeated == 996);
}

TEST_CASE("python: multiline_expr_py3.13.txt keeps every source line of a 3.13 frame") {
  auto events = PyFile("multiline_expr_py3.13.txt");
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.first_line == 1);
  CHECK(e.last_line == 10);
  CHECK_FALSE(e.partial);
  REQUIRE(e.exceptions.size() == 1);
  CHECK(e.exceptions[0].type == "ValueError");
  CHECK(e.exceptions[0].message == "bad args");
  const auto& f = FramesOf(e.exceptions[0]);
  REQUIRE(f.size() == 2);
  CHECK(f[0].line == 4);
  CHECK(f[0].function == "<module>");
  CHECK(f[0].code == "result = fail(\n1,\n2,\n3,\n)");
  CHECK(f[1].line == 2);
  CHECK(f[1].function == "fail");
  CHECK(f[1].code == "raise ValueError(\"bad args\")");
  CHECK(f[1].input_line == 8);
}

TEST_CASE("python: syntax_invalid_syntax_py3.11.txt is a complete SyntaxError with a location and no frames") {
  auto events = PyFile("syntax_invalid_syntax_py3.11.txt");
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.first_line == 1);
  CHECK(e.last_line == 4);
  CHECK_FALSE(e.partial);  // a compile-time SyntaxError has no traceback header
  REQUIRE(e.exceptions.size() == 1);
  const Exception& x = e.exceptions[0];
  CHECK(x.type == "SyntaxError");
  CHECK(x.message == "invalid syntax");
  CHECK(x.frames.empty());
  REQUIRE(x.location);
  CHECK(x.location->file == "/home/dev/formats/src/py/syn/invalid_syntax.py");
  CHECK(x.location->line == 2);
  CHECK(x.location->code == "x = 1 +* 2");
  CHECK(x.location->origin == Origin::kUser);
  CHECK(x.location->input_line == 1);
}

TEST_CASE("python: syntax_taberror_py3.11.txt is a TabError at its line, without a marker line") {
  auto events = PyFile("syntax_taberror_py3.11.txt");
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.first_line == 1);
  CHECK(e.last_line == 3);
  CHECK_FALSE(e.partial);
  REQUIRE(e.exceptions.size() == 1);
  CHECK(e.exceptions[0].type == "TabError");
  CHECK(e.exceptions[0].message == "inconsistent use of tabs and spaces in indentation");
  CHECK(e.exceptions[0].frames.empty());
  REQUIRE(e.exceptions[0].location);
  CHECK(e.exceptions[0].location->file == "/home/dev/formats/src/py/syn/taberror.py");
  CHECK(e.exceptions[0].location->line == 3);
  CHECK(e.exceptions[0].location->code == "y = 2");
}

TEST_CASE("python: eval_syntax_py3.11.txt has two frames and the <string> location of the SyntaxError") {
  auto events = PyFile("eval_syntax_py3.11.txt");
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.first_line == 1);
  CHECK(e.last_line == 10);
  CHECK_FALSE(e.partial);
  REQUIRE(e.exceptions.size() == 1);
  const Exception& x = e.exceptions[0];
  CHECK(x.type == "SyntaxError");
  CHECK(x.message == "invalid syntax");
  const auto& f = FramesOf(x);
  REQUIRE(f.size() == 2);
  CHECK(f[0].line == 3);
  CHECK(f[0].function == "<module>");
  CHECK(f[1].line == 2);
  CHECK(f[1].function == "run");
  CHECK(f[1].code == "return eval(src)");
  REQUIRE(x.location);
  CHECK(x.location->file == "<string>");
  CHECK(x.location->line == 1);
  CHECK(x.location->code == "1 +* 2");
  CHECK(x.location->origin == Origin::kUnknown);
}

TEST_CASE("python: msg_multiline_py3.11.txt keeps the message's later lines and their indent") {
  auto events = PyFile("msg_multiline_py3.11.txt");
  REQUIRE(events.size() == 1);
  CHECK(events[0].last_line == 6);
  CHECK_FALSE(events[0].partial);
  REQUIRE(events[0].exceptions.size() == 1);
  CHECK(events[0].exceptions[0].type == "RuntimeError");
  CHECK(events[0].exceptions[0].message == "first line\nsecond line\n  indented third");
  CHECK(events[0].exceptions[0].input_line == 4);
}

TEST_CASE("python: msg_bare_py3.11.txt is a ValueError with an empty message") {
  auto events = PyFile("msg_bare_py3.11.txt");
  REQUIRE(events.size() == 1);
  CHECK(events[0].last_line == 4);
  CHECK_FALSE(events[0].partial);
  REQUIRE(events[0].exceptions.size() == 1);
  CHECK(events[0].exceptions[0].type == "ValueError");
  CHECK(events[0].exceptions[0].message == "");
  REQUIRE(events[0].exceptions[0].frames.size() == 1);
  CHECK(FramesOf(events[0].exceptions[0])[0].code == "raise ValueError");
}

TEST_CASE("python: exec_nosource_py3.11.txt keeps frames that have no source line") {
  auto events = PyFile("exec_nosource_py3.11.txt");
  REQUIRE(events.size() == 1);
  CHECK(events[0].last_line == 6);
  CHECK_FALSE(events[0].partial);
  REQUIRE(events[0].exceptions.size() == 1);
  const Exception& x = events[0].exceptions[0];
  CHECK(x.type == "ValueError");
  CHECK(x.message == "from exec");
  const auto& f = FramesOf(x);
  REQUIRE(f.size() == 3);
  CHECK(f[0].code == "exec(code)");
  CHECK(f[0].origin == Origin::kUser);
  CHECK(f[1].file == "<generated>");
  CHECK(f[1].line == 3);
  CHECK(f[1].function == "<module>");
  CHECK(f[1].code == "");
  CHECK(f[1].origin == Origin::kUnknown);
  CHECK(f[2].file == "<generated>");
  CHECK(f[2].line == 2);
  CHECK(f[2].function == "f");
  CHECK(f[2].code == "");
}

TEST_CASE("python: dash_m_py3.11.txt: <frozen runpy> frames are the standard library") {
  auto events = PyFile("dash_m_py3.11.txt");
  REQUIRE(events.size() == 1);
  CHECK(events[0].last_line == 8);
  CHECK_FALSE(events[0].partial);
  REQUIRE(events[0].exceptions.size() == 1);
  const Exception& x = events[0].exceptions[0];
  CHECK(x.type == "RuntimeError");
  CHECK(x.message == "from -m");
  const auto& f = FramesOf(x);
  REQUIRE(f.size() == 4);
  CHECK(f[0].file == "<frozen runpy>");
  CHECK(f[0].line == 198);
  CHECK(f[0].function == "_run_module_as_main");
  CHECK(f[0].code == "");
  CHECK(f[0].origin == Origin::kStdlib);
  CHECK(f[1].line == 88);
  CHECK(f[1].origin == Origin::kStdlib);
  CHECK(f[2].file == "/home/dev/formats/src/py/modpkg/__main__.py");
  CHECK(f[2].origin == Origin::kUser);
  CHECK(f[3].function == "main");
  CHECK(f[3].code == "raise RuntimeError(\"from -m\")");
  CHECK(f[3].origin == Origin::kUser);
}

TEST_CASE("python: a real traceback cut before its exception line is partial and keeps its frames") {
  std::string text = testing::SharedFormat("python/simple_py3.11.txt");
  text = text.substr(0, text.find("ZeroDivisionError"));  // lines 1-12
  auto events = EventsOf(text);
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.partial);
  CHECK(e.partial_reason == "the exception line is missing");
  CHECK(e.first_line == 1);
  CHECK(e.last_line == 12);
  REQUIRE(e.exceptions.size() == 1);
  CHECK(e.exceptions[0].type == "");
  CHECK(e.exceptions[0].message == "");
  REQUIRE(e.exceptions[0].frames.size() == 4);
  CHECK(FramesOf(e.exceptions[0])[3].function == "inner");
  CHECK(FramesOf(e.exceptions[0])[3].code == "return 10 / x");
}

TEST_CASE("python: a cut traceback followed by ordinary text is partial and ends before the text") {
  auto events = EventsOf(
      "Traceback (most recent call last):\n  File \"/app/a.py\", line 4, in <module>\n    main()\n\nand then I got stuck\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].partial);
  CHECK(events[0].partial_reason == "the exception line is missing");
  CHECK(events[0].last_line == 3);
  REQUIRE(events[0].exceptions.size() == 1);
  CHECK(events[0].exceptions[0].frames.size() == 1);
}

TEST_CASE("python: a paste that starts at a frame line (no header) is partial") {
  std::string text = testing::SharedFormat("python/simple_py3.11.txt");
  text = text.substr(text.find("  File \"/home/dev/formats/src/py/simple.py\", line 5"));  // from line 7
  auto events = EventsOf(text);
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.partial);
  CHECK(e.partial_reason == "the traceback header is missing");
  CHECK(e.first_line == 1);
  CHECK(e.last_line == 7);
  REQUIRE(e.exceptions.size() == 1);
  CHECK(e.exceptions[0].type == "ZeroDivisionError");
  CHECK(e.exceptions[0].message == "division by zero");
  REQUIRE(e.exceptions[0].frames.size() == 2);
  CHECK(FramesOf(e.exceptions[0])[0].function == "middle");
  CHECK(FramesOf(e.exceptions[0])[1].function == "inner");
}

TEST_CASE("python: a '> ' prefix on the header line only (corpus 001) is stripped; the frames still count") {
  auto events = EventsOf(testing::ReadFile(std::string(TBEXPLAIN_SHARED_DIR) + "/corpus/001-cv2-libgl-conda-docker/input.txt"));
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.kind == kPythonTraceback);
  CHECK(e.first_line == 2);
  CHECK(e.last_line == 6);
  CHECK_FALSE(e.partial);
  REQUIRE(e.exceptions.size() == 1);
  const Exception& x = e.exceptions[0];
  CHECK(x.type == "ImportError");
  CHECK(x.message == "libGL.so.1: cannot open shared object file: No such file or directory");
  const auto& f = FramesOf(x);
  REQUIRE(f.size() == 2);
  CHECK(f[0].file == "<string>");
  CHECK(f[0].line == 1);
  CHECK(f[0].function == "<module>");
  CHECK(f[0].code == "");
  CHECK(f[1].file == "/opt/conda/lib/python3.8/site-packages/cv2/__init__.py");
  CHECK(f[1].line == 5);
  CHECK(f[1].code == "from .cv2 import *");
  CHECK(f[1].origin == Origin::kLibrary);
}

TEST_CASE("python: a log prefix repeated on every line (2024-01-01 ERROR ) is stripped from each") {
  auto events = EventsOf(
      "2024-01-01 ERROR Traceback (most recent call last):\n"
      "2024-01-01 ERROR   File \"/srv/app.py\", line 7, in handle\n"
      "2024-01-01 ERROR     return db[key]\n"
      "2024-01-01 ERROR KeyError: 'user'\n");
  REQUIRE(events.size() == 1);
  CHECK_FALSE(events[0].partial);
  CHECK(events[0].last_line == 4);
  REQUIRE(events[0].exceptions.size() == 1);
  CHECK(events[0].exceptions[0].type == "KeyError");
  CHECK(events[0].exceptions[0].message == "'user'");
  REQUIRE(events[0].exceptions[0].frames.size() == 1);
  CHECK(FramesOf(events[0].exceptions[0])[0].file == "/srv/app.py");
  CHECK(FramesOf(events[0].exceptions[0])[0].code == "return db[key]");
}

TEST_CASE("python: a report printed without prefixes ends where the log's timestamped lines resume") {
  // The exception's message could go on over several lines; a line with a
  // CI timestamp after an unprefixed report is the log again, not message.
  auto events = EventsOf(
      "2024-05-01T12:09:09.8961863Z test tests::worker_index ... ok\n"
      "Traceback (most recent call last):\n"
      "  File \"/srv/app.py\", line 10, in <module>\n"
      "    raise RuntimeError(\"after group\") from eg\n"
      "RuntimeError: after group\n"
      "2024-05-01T12:09:10.1991424Z tests/test_matrix.py::test_step PASSED [93%]\n"
      "2024-05-01T12:09:10.0565851Z Successfully installed anyhow-2.2.9\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].first_line == 2);
  CHECK(events[0].last_line == 5);
  CHECK(events[0].exceptions[0].message == "after group");
}

}  // namespace
}  // namespace tbx
