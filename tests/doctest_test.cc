// The doctest recognizer: the events the splitter makes of doctest's real
// failure reports (../shared/formats/python/doctest_failure_py3.*.txt) and
// of excerpts of other real Python 3.11 runs (chained exceptions, unittest's
// DocTestSuite, `Expected nothing`).
#include "parse/doctest.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "parse/splitter.h"
#include "test_util.h"

namespace tbx {
namespace {

using testing::Text;

std::vector<Event> Parse(const std::string& text, std::vector<std::string>* others = nullptr) {
  return testing::EventsOf(text, SIZE_MAX, others);
}
std::string Read(const std::string& name) { return testing::SharedFormat("python/" + name); }

std::string Describe(const std::vector<Event>& events) { return testing::DescribeTestEvents(events); }

using Lines = std::vector<std::string>;

TEST_CASE("doctest: an Expected/Got mismatch and an exception raised, Python 3.11 and 3.13") {
  for (const char* name : {"doctest_failure_py3.11.txt", "doctest_failure_py3.13.txt"}) {
    CAPTURE(name);
    auto events = Parse(Read(name));
    CHECK(Describe(events) == Text({
                                  "__main__.add | doctest.DocTestFailure: Expected: 4 [1]",
                                  "__main__.add | TypeError: unsupported operand type(s) for +: 'int' and 'str' [3]",
                              }));
    REQUIRE(events.size() == 2);
    // The mismatch: the example's place is its frame.
    const Exception& mismatch = events[0].exceptions[0];
    CHECK(mismatch.message == "Expected: 4\nGot: 3");
    const Frame& where = mismatch.frames.frames()[0];
    CHECK(where.file == "/home/dev/formats/src/doctest_demo/mathx.py");
    CHECK(where.line == 3);
    CHECK(where.function == "__main__.add");
    CHECK(where.code == "add(1, 2)");
    CHECK(events[0].first_line == 2);
    CHECK(events[0].last_line == 8);
    // The exception: the traceback without doctest's indentation.
    const auto& fs = events[1].exceptions[0].frames.frames();
    CHECK(fs[0].function == "__run");
    CHECK(fs[0].origin == Origin::kStdlib);
    CHECK(fs[1].file == "<doctest __main__.add[1]>");
    CHECK(fs[1].code == "add(1, \"x\")");
    CHECK(fs[2].file == "/home/dev/formats/src/doctest_demo/mathx.py");
    CHECK(fs[2].line == 10);
    CHECK(fs[2].function == "add");
    CHECK(fs[2].code == "return a + b");
    CHECK(events[1].first_line == 10);
  }
}

TEST_CASE("doctest: a chained exception, several lines expected, nothing expected") {
  auto events = Parse(
      "**********************************************************************\n"
      "File \"/tmp/dt/mathx.py\", line 7, in __main__.add\n"
      "Failed example:\n"
      "    print(\"a\\nb\")\n"
      "Expected:\n"
      "    a\n"
      "    c\n"
      "Got:\n"
      "    a\n"
      "    b\n"
      "**********************************************************************\n"
      "File \"/tmp/dt/mathx.py\", line 10, in __main__.add\n"
      "Failed example:\n"
      "    chained()\n"
      "Exception raised:\n"
      "    Traceback (most recent call last):\n"
      "      File \"/tmp/dt/mathx.py\", line 18, in chained\n"
      "        {}[\"k\"]\n"
      "        ~~^^^^^\n"
      "    KeyError: 'k'\n"
      "\n"
      "    The above exception was the direct cause of the following exception:\n"
      "\n"
      "    Traceback (most recent call last):\n"
      "      File \"/root/.pyenv/versions/3.11.7/lib/python3.11/doctest.py\", line 1353, in __run\n"
      "        exec(compile(example.source, filename, \"single\",\n"
      "      File \"<doctest __main__.add[3]>\", line 1, in <module>\n"
      "        chained()\n"
      "      File \"/tmp/dt/mathx.py\", line 20, in chained\n"
      "        raise ValueError(\"bad\") from e\n"
      "    ValueError: bad\n"
      "**********************************************************************\n"
      "File \"/tmp/dt/mathx.py\", line 12, in __main__.add\n"
      "Failed example:\n"
      "    add(1, 1)\n"
      "Expected nothing\n"
      "Got:\n"
      "    2\n"
      "**********************************************************************\n"
      "1 items had failures:\n"
      "   3 of   5 in __main__.add\n"
      "***Test Failed*** 3 failures.\n");
  CHECK(Describe(events) == Text({
                                "__main__.add | doctest.DocTestFailure: Expected: a [1]",
                                "__main__.add | KeyError: 'k' [1] / cause ValueError: bad [3]",
                                "__main__.add | doctest.DocTestFailure: Expected: nothing [1]",
                            }));
  REQUIRE(events.size() == 3);
  CHECK(events[0].exceptions[0].message == "Expected: a\nc\nGot: a\nb");
  CHECK(events[1].first_line == 12);
  CHECK(events[1].last_line == 31);
  CHECK(events[2].exceptions[0].message == "Expected: nothing\nGot: 2");
  CHECK(events[2].exceptions[0].frames.frames()[0].line == 12);
}

TEST_CASE("doctest: the blocks unittest's DocTestSuite prints between dashes") {
  auto events = Parse(
      "----------------------------------------------------------------------\n"
      "File \"/tmp/dt/mathx.py\", line 3, in __main__.add\n"
      "Failed example:\n"
      "    add(1, 2)\n"
      "Expected:\n"
      "    4\n"
      "Got:\n"
      "    3\n"
      "----------------------------------------------------------------------\n"
      "File \"/tmp/dt/mathx.py\", line 5, in __main__.add\n"
      "Failed example:\n"
      "    add(1, \"x\")\n"
      "Exception raised:\n"
      "    Traceback (most recent call last):\n"
      "      File \"<doctest __main__.add[1]>\", line 1, in <module>\n"
      "        add(1, \"x\")\n"
      "      File \"/tmp/dt/mathx.py\", line 14, in add\n"
      "        return a + b\n"
      "    TypeError: unsupported operand type(s) for +: 'int' and 'str'\n"
      "\n"
      "\n"
      "----------------------------------------------------------------------\n"
      "Ran 1 test in 0.008s\n");
  CHECK(Describe(events) == Text({
                                "__main__.add | doctest.DocTestFailure: Expected: 4 [1]",
                                "__main__.add | TypeError: unsupported operand type(s) for +: 'int' and 'str' [2]",
                            }));
}

TEST_CASE("doctest: a `File` line that no `Failed example:` follows is no report") {
  std::vector<std::string> others;
  auto events = Parse(
      "File \"x.py\", line 3, in <module>\n"
      "foo()\n",
      &others);
  CHECK(events.empty());
  CHECK(others == std::vector<std::string>{"File \"x.py\", line 3, in <module>", "foo()"});
  // Cut after its header: a partial event that still names the place.
  events = Parse(
      "File \"/tmp/dt/mathx.py\", line 3, in __main__.add\n"
      "Failed example:\n"
      "    add(1, 2)\n");
  CHECK(Describe(events) == Text({"__main__.add | :  [1] (partial: the failure's details are missing)"}));
}

}  // namespace
}  // namespace tbx
