// The IPython/Jupyter recognizer: its line classifiers, and the events the
// splitter makes of IPython 8.12.3's real outputs
// (../shared/formats/python/ipython_*.txt) and of excerpts of other real
// IPython runs and notebook pastes.
#include "parse/ipython.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "parse/splitter.h"
#include "test_util.h"

namespace tbx {
namespace {

using testing::Text;

std::vector<Event> Parse(const std::string& text) { return testing::EventsOf(text); }
std::string Read(const std::string& name) { return testing::SharedFormat("python/" + name); }
std::string Describe(const Event& e) { return testing::DescribeExceptions(e); }

// The events, one line each (a string, so that a failing check prints it).
std::string Describe(const std::vector<Event>& events) {
  std::string out;
  for (const auto& e : events) {
    CHECK(e.kind == kPythonTraceback);
    CHECK(e.test.empty());
    out += Describe(e) + "\n";
  }
  return out;
}

using Lines = std::vector<std::string>;

// file:line in function, one line per frame.
std::string Frames(const Exception& x) {
  std::string out;
  for (const auto& f : x.frames.frames()) out += f.file + ":" + std::to_string(f.line) + " in " + f.function + "\n";
  return out;
}

const Lines kSimple = {
    "/home/dev/formats/src/py/simple.py:11 in <module>",
    "/home/dev/formats/src/py/simple.py:9 in outer",
    "/home/dev/formats/src/py/simple.py:5 in middle",
    "/home/dev/formats/src/py/simple.py:2 in inner",
};

TEST_CASE("ipython: the header names the type first") {
  CHECK(ipython::ParseHeader("ValueError                                Traceback (most recent call last)") ==
        "ValueError");
  CHECK(ipython::ParseHeader("    json.decoder.JSONDecodeError          Traceback (most recent call last)") ==
        "json.decoder.JSONDecodeError");
  CHECK(ipython::ParseHeader("Traceback (most recent call last)") == std::nullopt);
  CHECK(ipython::ParseHeader("ValueError: x                             Traceback (most recent call last)") ==
        std::nullopt);
}

TEST_CASE("ipython: frame lines of every version and mode") {
  auto f = ipython::ParseFrame("File /home/dev/formats/src/py/chained_cause.py:6, in parse(text='http')");
  REQUIRE(f);
  CHECK(f->frame.file == "/home/dev/formats/src/py/chained_cause.py");
  CHECK(f->frame.line == 6);
  CHECK(f->frame.function == "parse");
  CHECK(f->has_function);
  f = ipython::ParseFrame("File /home/dev/formats/src/py/simple.py:11");
  REQUIRE(f);
  CHECK(f->frame.function == "<module>");
  CHECK_FALSE(f->has_function);
  f = ipython::ParseFrame("  File /tmp/ip/mod.py:4 in helper");  // Plain
  REQUIRE(f);
  CHECK(f->frame.line == 4);
  CHECK(f->frame.function == "helper");
  f = ipython::ParseFrame("Cell In[1], line 2, in f(x)");
  REQUIRE(f);
  CHECK(f->frame.file == "Cell In[1]");
  CHECK(f->frame.line == 2);
  CHECK(f->frame.function == "f");
  CHECK(f->frame.origin == Origin::kUser);
  f = ipython::ParseFrame("  Cell In[1], line 2 in f");  // Plain
  REQUIRE(f);
  CHECK(f->frame.function == "f");
  f = ipython::ParseFrame("Cell In[6], line 1");
  REQUIRE(f);
  CHECK(f->frame.function == "<module>");
  f = ipython::ParseFrame(
      "File C:\\Users\\John Smith\\anaconda3\\lib\\site-packages\\pandas\\io\\common.py:856, in "
      "get_handle(path_or_buf, mode)");
  REQUIRE(f);
  CHECK(f->frame.file == "C:\\Users\\John Smith\\anaconda3\\lib\\site-packages\\pandas\\io\\common.py");
  CHECK(f->frame.line == 856);
  CHECK(f->frame.origin == Origin::kLibrary);
  f = ipython::ParseFrame("<ipython-input-2-94c291a77ae6> in <module>()");  // IPython 7
  REQUIRE(f);
  CHECK(f->frame.file == "<ipython-input-2-94c291a77ae6>");
  CHECK(f->frame.function == "<module>");
  CHECK(f->frame.origin == Origin::kUser);
  f = ipython::ParseFrame("/usr/local/lib/python2.7/dist-packages/pypcd/pypcd.pyc in from_path(fname)");
  REQUIRE(f);
  CHECK(f->frame.function == "from_path");
  CHECK(f->frame.line == 0);  // the arrow line gives it
  f = ipython::ParseFrame("/tmp/ipykernel_55/1861734591.py in <cell line: 0>()");
  REQUIRE(f);
  CHECK(f->frame.function == "<cell line: 0>");
  CHECK_FALSE(ipython::ParseFrame("File \"x.py\", line 3, in f"));  // CPython's
  CHECK_FALSE(ipython::ParseFrame("some words in a sentence"));

  auto a = ipython::ParseArrow("----> 6     return int(text)");
  REQUIRE(a);
  CHECK(a->first == 6);
  CHECK(a->second == "return int(text)");
  a = ipython::ParseArrow("--> 353     obj, end = self.scan_once(s, idx)");
  REQUIRE(a);
  CHECK(a->first == 353);
  CHECK_FALSE(ipython::ParseArrow("-- 3 x"));

  CHECK(ipython::IsPlainFrame("  Cell In[3], line 1"));
  CHECK(ipython::IsPlainFrame("  File /tmp/ip/syn.py:1"));
  CHECK(ipython::IsPlainFrame("  File <string>:1"));
  CHECK_FALSE(ipython::IsPlainFrame("    File /tmp/ip/syn.py:1"));
  CHECK_FALSE(ipython::IsPlainFrame("  File \"/tmp/ip/syn.py\", line 1"));
  CHECK_FALSE(ipython::IsPlainFrame("  File server.log:12"));
  CHECK(ipython::IsCollapsedFrames("8 frames"));
  CHECK_FALSE(ipython::IsCollapsedFrames("8 frames were dropped"));
}

TEST_CASE("ipython: a script in Context mode, plain and in the Linux colours") {
  for (const char* name : {"ipython_script_py3.11.txt", "ipython_color_linux_py3.11.txt"}) {
    CAPTURE(name);
    auto events = Parse(Read(name));
    CHECK(Describe(events) == Text({"ZeroDivisionError: division by zero [4]"}));
    REQUIRE(events.size() == 1);
    CHECK(Frames(events[0].exceptions[0]) == Text(kSimple));
    const auto& fs = events[0].exceptions[0].frames.frames();
    CHECK(fs[0].code == "outer()");
    CHECK(fs[3].code == "return 10 / x");
    CHECK(events[0].first_line == 2);
    CHECK(events[0].last_line == 21);
  }
}

TEST_CASE("ipython: interactive cells, CRLF, elided context lines") {
  auto events = Parse(Read("ipython_interactive_py3.11.txt"));
  CHECK(Describe(events) == Text({
                                "ZeroDivisionError: division by zero [2]",
                                "JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 "
                                "(char 1) [4]",
                            }));
  REQUIRE(events.size() == 2);
  CHECK(Frames(events[0].exceptions[0]) == Text({"Cell In[3]:1 in <module>", "Cell In[1]:2 in f"}));
  CHECK(events[0].exceptions[0].frames.frames()[1].code == "return x / 0");
  const auto& fs = events[1].exceptions[0].frames.frames();
  CHECK(fs[3].function == "JSONDecoder.raw_decode");
  CHECK(fs[3].line == 353);
  CHECK(fs[3].code == "obj, end = self.scan_once(s, idx)");
  CHECK(fs[3].origin == Origin::kStdlib);
  CHECK(events[1].first_line == 22);
  CHECK(events[1].last_line == 57);
}

TEST_CASE("ipython: chained exceptions in Context and Verbose modes") {
  for (const char* name : {"ipython_chained_py3.11.txt", "ipython_xmode_Verbose_py3.11.txt"}) {
    CAPTURE(name);
    auto events = Parse(Read(name));
    CHECK(Describe(events) == Text({"ValueError: invalid literal for int() with base 10: 'http' [1] / "
                                    "cause ConfigError: invalid port: 'http' [2]"}));
    REQUIRE(events.size() == 1);
    CHECK(Frames(events[0].exceptions[1]) == Text({"/home/dev/formats/src/py/chained_cause.py:10 in <module>",
                                                   "/home/dev/formats/src/py/chained_cause.py:8 in parse"}));
    CHECK(events[0].exceptions[1].frames.frames()[1].code ==
          "raise ConfigError(f\"invalid port: {text!r}\") from exc");
  }
}

TEST_CASE("ipython: Plain and Minimal modes read as CPython's layout") {
  auto events = Parse(Read("ipython_xmode_Plain_py3.11.txt"));
  CHECK(Describe(events) == Text({"ValueError: invalid literal for int() with base 10: 'http' [1] / "
                                  "cause ConfigError: invalid port: 'http' [2]"}));
  REQUIRE(events.size() == 1);
  CHECK(Frames(events[0].exceptions[1]) == Text({"/home/dev/formats/src/py/chained_cause.py:10 in <module>",
                                                 "/home/dev/formats/src/py/chained_cause.py:8 in parse"}));
  events = Parse(Read("ipython_xmode_Minimal_py3.11.txt"));
  CHECK(Describe(events) == Text({"ValueError: invalid literal for int() with base 10: 'http' [0] / "
                                  "cause ConfigError: invalid port: 'http' [0]"}));
}

TEST_CASE("ipython: IPython 7, ipykernel and Colab layouts") {
  auto events = Parse(
      "---------------------------------------------------------------------------\n"
      "IOError                                   Traceback (most recent call last)\n"
      "<ipython-input-2-94c291a77ae6> in <module>()\n"
      "----> 1 cloud = pypcd.PointCloud.from_path('./sample/lobby.pcd')\n"
      "\n"
      "/usr/local/lib/python2.7/dist-packages/pypcd/pypcd.pyc in from_path(fname)\n"
      "    733     @staticmethod\n"
      "    734     def from_path(fname):\n"
      "--> 735         return point_cloud_from_path(fname)\n"
      "    736 \n"
      "\n"
      "IOError: [Errno 2] No such file or directory: './sample/lobby.pcd'\n"
      "\n"
      "ImportError                               Traceback (most recent call last)\n"
      "\n"
      "<ipython-input-3-b1e76e7b262b> in <cell line: 1>()\n"
      "----> 1 from paddleocr import PaddleOCR, draw_ocr\n"
      "\n"
      "8 frames\n"
      "\n"
      "/usr/local/lib/python3.10/dist-packages/paddle/fluid/core.py in <module>\n"
      "    268 try:\n"
      "--> 269     from . import libpaddle\n"
      "\n"
      "ImportError: libssl.so.1.1: cannot open shared object file: No such file or directory\n"
      "\n"
      "---------------------------------------------------------------------------\n"
      "NOTE: If your import is failing due to a missing package, you can\n");
  CHECK(Describe(events) == Text({
                                "IOError: [Errno 2] No such file or directory: './sample/lobby.pcd' [2]",
                                "ImportError: libssl.so.1.1: cannot open shared object file: No such file or "
                                "directory [2]",
                            }));
  REQUIRE(events.size() == 2);
  CHECK(Frames(events[0].exceptions[0]) ==
        Text({"<ipython-input-2-94c291a77ae6>:1 in <module>",
              "/usr/local/lib/python2.7/dist-packages/pypcd/pypcd.pyc:735 in from_path"}));
  CHECK(events[0].exceptions[0].frames.frames()[1].code == "return point_cloud_from_path(fname)");
  CHECK(Frames(events[1].exceptions[0]) == Text({"<ipython-input-3-b1e76e7b262b>:1 in <cell line: 1>",
                                                 "/usr/local/lib/python3.10/dist-packages/paddle/fluid/core.py:269 "
                                                 "in <module>"}));
  CHECK(events[1].last_line == 25);
}

TEST_CASE("ipython: a traceback indented as a whole (a notebook exported to Markdown)") {
  auto events = Parse(
      "    ---------------------------------------------------------------------------\n"
      "\n"
      "    ValueError                                Traceback (most recent call last)\n"
      "\n"
      "    <ipython-input-23-a40469ec5825> in <module>\n"
      "    ----> 1 array1.reshape(4,3)\n"
      "\n"
      "\n"
      "    ValueError: cannot reshape array of size 10 into shape (4,3)\n"
      "\n"
      "Next paragraph.\n");
  CHECK(Describe(events) == Text({"ValueError: cannot reshape array of size 10 into shape (4,3) [1]"}));
  REQUIRE(events.size() == 1);
  CHECK(events[0].exceptions[0].frames.frames()[0].code == "array1.reshape(4,3)");
  CHECK(events[0].last_line == 9);
}

TEST_CASE("ipython: SyntaxErrors and Plain frames that no header precedes") {
  // `ipython syn.py`: the SyntaxError's place, no traceback.
  auto events = Parse(
      "  File /tmp/ip/syn.py:1\n"
      "    def f(:\n"
      "          ^\n"
      "SyntaxError: invalid syntax\n");
  CHECK(Describe(events) == Text({"SyntaxError: invalid syntax [0]"}));
  REQUIRE(events.size() == 1);
  REQUIRE(events[0].exceptions[0].location);
  CHECK(events[0].exceptions[0].location->file == "/tmp/ip/syn.py");
  CHECK(events[0].exceptions[0].location->line == 1);
  CHECK(events[0].exceptions[0].location->code == "def f(:");
  CHECK(events[0].exceptions[0].location->function.empty());

  // A module with a SyntaxError imported in a cell (Context mode): the
  // Python recognizer stops after the header, this one reads the rest.
  std::string context =
      "In [3]: Traceback (most recent call last):\n"
      "\n"
      "  File ~/.pyenv/versions/3.11.7/lib/python3.11/site-packages/IPython/core/interactiveshell.py:3508 in "
      "run_code\n"
      "    exec(code_obj, self.user_global_ns, self.user_ns)\n"
      "\n"
      "  Cell In[3], line 1\n"
      "    import syn\n"
      "\n"
      "  File /tmp/ip/syn.py:1\n"
      "    def f(:\n"
      "          ^\n"
      "SyntaxError: invalid syntax\n";
  events = Parse(context);
  REQUIRE(events.size() == 2);
  CHECK(Describe(events[1]) == "SyntaxError: invalid syntax [2] (partial: the traceback header is missing)");
  CHECK(Frames(events[1].exceptions[0]) ==
        Text({"~/.pyenv/versions/3.11.7/lib/python3.11/site-packages/IPython/core/interactiveshell.py:3508 in run_code",
              "Cell In[3]:1 in <module>"}));
  CHECK(events[1].exceptions[0].frames.frames()[1].code == "import syn");
  REQUIRE(events[1].exceptions[0].location);
  CHECK(events[1].exceptions[0].location->file == "/tmp/ip/syn.py");
  // The two parts make one incident.
  auto incidents = testing::IncidentsOf(context);
  REQUIRE(incidents.size() == 1);
  CHECK(incidents[0].events.size() == 2);

  // Plain mode with cells.
  events = Parse(
      "In [2]: Traceback (most recent call last):\n"
      "  Cell In[2], line 1\n"
      "    f(1)\n"
      "  Cell In[1], line 2 in f\n"
      "    return x / 0\n"
      "ZeroDivisionError: division by zero\n");
  REQUIRE(events.size() == 2);
  CHECK(Describe(events[1]) == "ZeroDivisionError: division by zero [2] (partial: the traceback header is missing)");
  CHECK(Frames(events[1].exceptions[0]) == Text({"Cell In[2]:1 in <module>", "Cell In[1]:2 in f"}));
  CHECK(events[1].exceptions[0].frames.frames()[1].code == "return x / 0");
}

}  // namespace
}  // namespace tbx
