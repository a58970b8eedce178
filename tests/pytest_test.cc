// The pytest recognizer: its line classifiers, and the events the splitter
// makes of pytest's real outputs (../shared/formats/python/pytest_*.txt,
// pytest 7.2.1) and of excerpts of other real pytest 7.2.1 runs.
#include "parse/pytest.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "parse/splitter.h"
#include "test_util.h"
#include "util/strings.h"

namespace tbx {
namespace {

using testing::Text;

std::vector<Event> Parse(const std::string& text, std::vector<std::string>* others = nullptr) {
  return testing::EventsOf(text, SIZE_MAX, others);
}
std::string Read(const std::string& name) { return testing::SharedFormat("python/" + name); }

std::string Describe(const std::vector<Event>& events) { return testing::DescribeTestEvents(events); }

using Lines = std::vector<std::string>;

// The four failures of test_demo.py, as --tb=long, auto and short show them.
const Lines kDemo = {
    "test_assert_eq | AssertionError: assert [1, 2, 3] == [1, 2, 4] [1]",
    "test_exception_in_helper | KeyError: 'b' [2]",
    "test_raises_custom | test_demo.test_raises_custom.<locals>.PaymentError: card declined [1]",
    "test_param[2] | AssertionError: 2 is even [1]",
};

TEST_CASE("pytest: headers, the `_ _ _` separator and long titles") {
  using pytest::ParseHeader;
  CHECK(ParseHeader("________________________________ test_assert_eq ________________________________") ==
        "test_assert_eq");
  CHECK(ParseHeader("_____________________ ERROR at setup of test_uses_fixture ______________________") ==
        "ERROR at setup of test_uses_fixture");
  CHECK(ParseHeader("_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ ") ==
        std::nullopt);
  // A title too long for the terminal keeps one `_` on each side.
  std::string long_id = "test_long_id[" + std::string(90, 'a') + "]";
  CHECK(ParseHeader("_ " + long_id + " _") == long_id);
  CHECK(ParseHeader("__ " + long_id + " ___") == long_id);
  CHECK(ParseHeader("_ short _") == std::nullopt);
  CHECK(ParseHeader("_ " + long_id + " ____") == std::nullopt);
  CHECK(ParseHeader("__init__") == std::nullopt);
  CHECK(ParseHeader("_____") == std::nullopt);

  CHECK(pytest::HeaderTest("ERROR collecting tests/test_x.py") == "tests/test_x.py");
  CHECK(pytest::HeaderTest("ERROR at teardown of test_t") == "test_t");
  CHECK(pytest::HeaderTest("[doctest] mod.add") == "mod.add");
  CHECK(pytest::HeaderTest("TestCls.test_method") == "TestCls.test_method");
  CHECK(pytest::ParseBareCollectHeader("ERROR collecting tests/test_x.py") == "tests/test_x.py");
  CHECK(pytest::ParseBareCollectHeader("ERROR collecting two words") == std::nullopt);
}

TEST_CASE("pytest: location lines, E lines, fixture and summary lines") {
  auto loc = pytest::ParseLocation("test_demo.py:10: AssertionError");
  REQUIRE(loc);
  CHECK(loc->file == "test_demo.py");
  CHECK(loc->line == 10);
  CHECK(loc->rest == "AssertionError");
  loc = pytest::ParseLocation("test_demo.py:14: ");
  REQUIRE(loc);
  CHECK(loc->rest.empty());
  loc = pytest::ParseLocation("<frozen importlib._bootstrap>:1206: in _gcd_import");
  REQUIRE(loc);
  CHECK(loc->file == "<frozen importlib._bootstrap>");
  CHECK(loc->rest == "in _gcd_import");
  loc = pytest::ParseLocation("C:\\Users\\John Smith\\proj\\tests\\test_x.py:3: in <module>");
  REQUIRE(loc);
  CHECK(loc->file == "C:\\Users\\John Smith\\proj\\tests\\test_x.py");
  CHECK(loc->line == 3);
  CHECK_FALSE(pytest::ParseLocation("x.py:1:0: C0114: Missing module docstring"));  // pylint
  CHECK_FALSE(pytest::ParseLocation("2024-05-01 12:00:00 app.py:3: oops"));
  CHECK_FALSE(pytest::ParseLocation("    test_demo.py:10: AssertionError"));

  CHECK(pytest::ParseELine("E       KeyError: 'b'") == "       KeyError: 'b'");
  CHECK(pytest::ParseELine("Error: x") == std::nullopt);

  auto fixture = pytest::ParseFixtureFile("file /tmp/pt/test_edge.py, line 75");
  REQUIRE(fixture);
  CHECK(fixture->file == "/tmp/pt/test_edge.py");
  CHECK(fixture->line == 75);
  auto bare = pytest::ParseBareLocation("/tmp/pt/test_edge.py:75");
  REQUIRE(bare);
  CHECK(bare->line == 75);
  CHECK_FALSE(pytest::ParseBareLocation("localhost:8080"));

  auto sum = pytest::ParseSummaryLine("FAILED test_demo.py::test_param[2] - AssertionError: 2 is even");
  REQUIRE(sum);
  CHECK(sum->outcome == "FAILED");
  CHECK(sum->nodeid == "test_demo.py::test_param[2]");
  CHECK(sum->message == "AssertionError: 2 is even");
  sum = pytest::ParseSummaryLine("FAILED t.py::test_p[a - b] - ValueError: x");
  REQUIRE(sum);
  CHECK(sum->nodeid == "t.py::test_p[a - b]");
  CHECK(sum->message == "ValueError: x");
  sum = pytest::ParseSummaryLine("ERROR test_broken.py");
  REQUIRE(sum);
  CHECK(sum->outcome == "ERROR");
  CHECK(sum->message.empty());
  CHECK_FALSE(pytest::ParseSummaryLine("FAILED (failures=1)"));
  CHECK_FALSE(pytest::ParseSummaryLine("ERROR: Could not find a version"));
  CHECK_FALSE(pytest::ParseSummaryLine("ERROR    root:app.py:12 boom"));
  CHECK(pytest::NodeIdTest("test_edge.py::TestCls::test_method") == "TestCls.test_method");
  CHECK(pytest::NodeIdTest("t.py::test_p[a::b]") == "test_p[a::b]");
  CHECK(pytest::NodeIdTest("tests/test_x.py") == "tests/test_x.py");
  CHECK(pytest::IsSessionStart("============================= test session starts =============================="));
  CHECK(pytest::IsConftestLine("ImportError while loading conftest '/tmp/conftest.py'."));
}

TEST_CASE("pytest: --tb=long and --tb=auto, one event per failing test") {
  for (const char* name : {"pytest_tb_long.txt", "pytest_tb_auto.txt"}) {
    CAPTURE(name);
    auto events = Parse(Read(name));
    CHECK(Describe(events) == Text(kDemo));
    REQUIRE(events.size() == 4);
    CHECK(events[0].first_line == 9);
    CHECK(events[0].last_line == 18);
    CHECK(events[0].exceptions[0].message ==
          "assert [1, 2, 3] == [1, 2, 4]\n  At index 2 diff: 3 != 4\n  Use -v to get more diff");
    // Frames: file and line from `path:LINE:`, the function from the
    // section's `def`, the code from the `>` line.
    const auto& fs = events[1].exceptions[0].frames.frames();
    CHECK(fs[0].file == "test_demo.py");
    CHECK(fs[0].line == 14);
    CHECK(fs[0].function == "test_exception_in_helper");
    CHECK(fs[0].code == "helper(\"b\")");
    CHECK(fs[1].line == 5);
    CHECK(fs[1].function == "helper");
    CHECK(fs[1].code == "return {\"a\": 1}[x]");
    CHECK(fs[1].origin == Origin::kUser);
    CHECK(events[2].exceptions[0].message == "card declined\nsecond line");
    CHECK(events[3].exceptions[0].message == "2 is even\nassert (2 % 2) == 1");
    CHECK(events[3].exceptions[0].frames.frames()[0].function == "test_param");
  }
}

TEST_CASE("pytest: --tb=short frames and their source lines") {
  auto events = Parse(Read("pytest_tb_short.txt"));
  CHECK(Describe(events) == Text(kDemo));
  REQUIRE(events.size() == 4);
  const auto& fs = events[1].exceptions[0].frames.frames();
  CHECK(fs[0].function == "test_exception_in_helper");
  CHECK(fs[0].code == "helper(\"b\")");
  CHECK(fs[1].function == "helper");
  CHECK(fs[1].code == "return {\"a\": 1}[x]");
  CHECK(events[1].first_line == 15);
  CHECK(events[1].last_line == 20);
}

TEST_CASE("pytest: --tb=line, one event per line, without test names") {
  auto events = Parse(Read("pytest_tb_line.txt"));
  CHECK(Describe(events) == Text({
                                " | AssertionError: assert [1, 2, 3] == [1, 2, 4] [1]",
                                " | KeyError: 'b' [1]",
                                " | test_demo.test_raises_custom.<locals>.PaymentError: card declined [1]",
                                " | AssertionError: 2 is even [1]",
                            }));
  REQUIRE(events.size() == 4);
  const Frame& f = events[1].exceptions[0].frames.frames()[0];
  CHECK(f.file == "/home/dev/formats/src/pytest_demo/test_demo.py");
  CHECK(f.line == 5);
  // The summary lines repeat these failures: no more events.
  CHECK(events[3].first_line == 12);
}

TEST_CASE("pytest: --tb=native is the Python recognizer's parse, named after the test") {
  std::string text = Read("pytest_tb_native.txt");
  auto events = Parse(text);
  CHECK(Describe(events) == Text({
                                "test_assert_eq | AssertionError: assert [1, 2, 3] == [1, 2, 4] [1]",
                                "test_exception_in_helper | KeyError: 'b' [2]",
                                "test_raises_custom | test_demo.test_raises_custom.<locals>.PaymentError: card declined [1]",
                                "test_param[2] | AssertionError: 2 is even [1]",
                            }));
  // Without the headers the same tracebacks parse the same, test names aside.
  std::string bare;
  for (auto l : Split(text, '\n')) {
    if (!pytest::ParseHeader(l)) bare += std::string(l) + "\n";
  }
  auto plain = Parse(bare);
  // (Then the summary lines of the failures, which no header named.)
  REQUIRE(plain.size() == events.size() + 3);
  for (size_t i = 0; i < events.size(); ++i) {
    CAPTURE(i);
    CHECK(plain[i].test.empty());
    REQUIRE(plain[i].exceptions.size() == events[i].exceptions.size());
    for (size_t j = 0; j < plain[i].exceptions.size(); ++j) {
      const Exception& a = plain[i].exceptions[j];
      const Exception& b = events[i].exceptions[j];
      CHECK(a.type == b.type);
      CHECK(a.message == b.message);
      REQUIRE(a.frames.size() == b.frames.size());
      for (size_t k = 0; k < a.frames.size(); ++k) {
        CHECK(a.frames.frames()[k].file == b.frames.frames()[k].file);
        CHECK(a.frames.frames()[k].line == b.frames.frames()[k].line);
        CHECK(a.frames.frames()[k].function == b.frames.frames()[k].function);
        CHECK(a.frames.frames()[k].code == b.frames.frames()[k].code);
      }
    }
  }
  // The event starts at the test's header.
  CHECK(events[0].first_line == 9);
  CHECK(events[0].last_line == 15);
}

TEST_CASE("pytest: --tb=no, the summary lines of failures shown nowhere else") {
  auto events = Parse(Read("pytest_tb_no.txt"));
  // test_raises_custom's line is cut inside its type: no event.
  CHECK(Describe(events) == Text({
                                "test_demo.py::test_assert_eq | AssertionError: assert [1, 2, 3] == [1, 2, 4] [0]",
                                "test_demo.py::test_exception_in_helper | KeyError: 'b' [0]",
                                "test_demo.py::test_param[2] | AssertionError: 2 is even [0]",
                            }));
}

TEST_CASE("pytest: setup errors and chained exceptions, plain and in colour") {
  for (const char* name : {"pytest_chained_fixture_error.txt", "pytest_color_short.txt"}) {
    CAPTURE(name);
    auto events = Parse(Read(name));
    CHECK(Describe(events) ==
          Text({
              "test_uses_fixture | ConnectionError: db unavailable [1]",
              "test_chained | ValueError: invalid literal for int() with base 10: 'x' [1] / "
              "cause RuntimeError: parse failed [2]",
          }));
    REQUIRE(events.size() == 2);
    const auto& fs = events[1].exceptions[1].frames.frames();
    CHECK(fs[0].function == "test_chained");
    CHECK(fs[0].line == 17);
    CHECK(fs[1].function == "parse");
    CHECK(fs[1].line == 13);
    CHECK(fs[1].code == "raise RuntimeError(\"parse failed\") from e");
    CHECK(events[0].exceptions[0].frames.frames()[0].function == "db");
  }
}

TEST_CASE("pytest: a collection error's SyntaxError and its `<frozen ...>` frames") {
  auto events = Parse(Read("pytest_collection_error.txt"));
  CHECK(Describe(events) == Text({"test_broken.py | SyntaxError: invalid syntax [10]"}));
  REQUIRE(events.size() == 1);
  const Exception& x = events[0].exceptions[0];
  REQUIRE(x.location);
  CHECK(x.location->file == "/home/dev/formats/src/pytest_demo2/test_broken.py");
  CHECK(x.location->line == 1);
  CHECK(x.location->code == "def test_x(:");
  const Frame& frozen = x.frames.frames()[3];
  CHECK(frozen.file == "<frozen importlib._bootstrap>");
  CHECK(frozen.line == 1206);
  CHECK(frozen.function == "_gcd_import");
  CHECK(frozen.code.empty());  // `???`
  CHECK(frozen.origin == Origin::kStdlib);
  CHECK(events[0].first_line == 7);
  CHECK(events[0].last_line == 31);
}

TEST_CASE("pytest: a module that cannot be imported, and a conftest") {
  auto events = Parse(
      "==================================== ERRORS ====================================\n"
      "______________________ ERROR collecting tests/test_imp.py ______________________\n"
      "ImportError while importing test module '/tmp/pt3/tests/test_imp.py'.\n"
      "Hint: make sure your test modules/packages have valid Python names.\n"
      "Traceback:\n"
      "/usr/lib/python3.11/importlib/__init__.py:126: in import_module\n"
      "    return _bootstrap._gcd_import(name[level:], package, level)\n"
      "tests/test_imp.py:1: in <module>\n"
      "    import nosuchmod_xyz\n"
      "E   ModuleNotFoundError: No module named 'nosuchmod_xyz'\n"
      "=========================== short test summary info ============================\n"
      "ERROR tests/test_imp.py\n"
      "ImportError while loading conftest '/tmp/pt4/conftest.py'.\n"
      "conftest.py:1: in <module>\n"
      "    import nosuchmod_q\n"
      "E   ModuleNotFoundError: No module named 'nosuchmod_q'\n");
  CHECK(Describe(events) == Text({
                                "tests/test_imp.py | ModuleNotFoundError: No module named 'nosuchmod_xyz' [2]",
                                " | ModuleNotFoundError: No module named 'nosuchmod_q' [1]",
                            }));
  REQUIRE(events.size() == 2);
  const Frame& f = events[0].exceptions[0].frames.frames()[1];
  CHECK(f.file == "tests/test_imp.py");
  CHECK(f.function == "<module>");
  CHECK(f.code == "import nosuchmod_xyz");
}

TEST_CASE("pytest: the real conftest paste of corpus case 050") {
  auto events = Parse(testing::ReadShared("corpus/050-pytest-conftest-importerror/input.txt"));
  CHECK(Describe(events) == Text({" | ModuleNotFoundError: No module named 'bugbug' [1]"}));
  REQUIRE(events.size() == 1);
  CHECK(events[0].exceptions[0].frames.frames()[0].file == "tests\\conftest.py");
  CHECK(events[0].exceptions[0].frames.frames()[0].line == 11);
}

TEST_CASE("pytest: a missing fixture, pytest.fail, a nested def and a long test id") {
  std::string long_id = "test_long_id[" + std::string(70, 'a') + "]";
  auto events = Parse(
      "____________________ ERROR at setup of test_missing_fixture ____________________\n"
      "file /tmp/pt/test_edge.py, line 75\n"
      "  def test_missing_fixture(nosuch):\n"
      "E       fixture 'nosuch' not found\n"
      ">       available fixtures: broken, capfd, tmp_path\n"
      ">       use 'pytest --fixtures [testpath]' for help on them.\n"
      "\n"
      "/tmp/pt/test_edge.py:75\n"
      "=================================== FAILURES ===================================\n"
      "__________________________________ test_fail ___________________________________\n"
      "test_edge.py:18: in test_fail\n"
      "    pytest.fail(\"explicit failure\")\n"
      "E   Failed: explicit failure\n"
      "________________________________ test_inner_def ________________________________\n"
      "\n"
      "    def test_inner_def():\n"
      "        def local():\n"
      "            return 2\n"
      ">       assert local() == 3\n"
      "E       assert 2 == 3\n"
      "\n"
      "test_edge.py:11: AssertionError\n"
      "_ " + long_id + " _\n"
      "[gw1] linux -- Python 3.11.2 /usr/bin/python3\n"
      "\n"
      "s = 'aaa'\n"
      "\n"
      "    def test_long_id(s):\n"
      ">       raise ValueError(\"long\")\n"
      "E       ValueError: long\n"
      "\n"
      "test_edge.py:15: ValueError\n");
  CHECK(Describe(events) == Text({
                                "test_missing_fixture | FixtureLookupError: fixture 'nosuch' not found [1]",
                                "test_fail | Failed: explicit failure [1]",
                                "test_inner_def | AssertionError: assert 2 == 3 [1]",
                                long_id + " | ValueError: long [1]",
                            }));
  REQUIRE(events.size() == 4);
  const Exception& fixture = events[0].exceptions[0];
  CHECK(fixture.message ==
        "fixture 'nosuch' not found\navailable fixtures: broken, capfd, tmp_path\n"
        "use 'pytest --fixtures [testpath]' for help on them.");
  const Frame& f = fixture.frames.frames()[0];
  CHECK(f.file == "/tmp/pt/test_edge.py");
  CHECK(f.line == 75);
  CHECK(f.function == "test_missing_fixture");
  CHECK(f.code == "def test_missing_fixture(nosuch):");
  CHECK(events[0].last_line == 8);
  CHECK(events[2].exceptions[0].frames.frames()[0].function == "test_inner_def");
  CHECK(events[2].exceptions[0].frames.frames()[0].code == "assert local() == 3");
}

TEST_CASE("pytest: --doctest-modules sections") {
  auto events = Parse(
      "__________________________ [doctest] test_edge.mathx ___________________________\n"
      "052 \n"
      "053     >>> mathx(1, 2)\n"
      "Expected:\n"
      "    4\n"
      "Got:\n"
      "    3\n"
      "\n"
      "/tmp/pt/test_edge.py:53: DocTestFailure\n"
      "____________________________ [doctest] dmod.chained ____________________________\n"
      "009 \n"
      "010     >>> chained()\n"
      "UNEXPECTED EXCEPTION: ValueError('bad')\n"
      "Traceback (most recent call last):\n"
      "  File \"/tmp/pt2/dmod.py\", line 13, in chained\n"
      "    {}[\"k\"]\n"
      "    ~~^^^^^\n"
      "KeyError: 'k'\n"
      "The above exception was the direct cause of the following exception:\n"
      "Traceback (most recent call last):\n"
      "  File \"/usr/lib/python3.11/doctest.py\", line 1351, in __run\n"
      "    exec(compile(example.source, filename, \"single\",\n"
      "  File \"<doctest dmod.chained[0]>\", line 1, in <module>\n"
      "  File \"/tmp/pt2/dmod.py\", line 15, in chained\n"
      "    raise ValueError(\"bad\") from e\n"
      "ValueError: bad\n"
      "/tmp/pt2/dmod.py:10: UnexpectedException\n"
      "=========================== short test summary info ============================\n"
      "FAILED test_edge.py::test_edge.mathx\n"
      "FAILED dmod.py::dmod.chained\n");
  CHECK(Describe(events) == Text({
                                "test_edge.mathx | doctest.DocTestFailure: Expected: 4 [1]",
                                "dmod.chained | KeyError: 'k' [1] / cause ValueError: bad [3]",
                            }));
  REQUIRE(events.size() == 2);
  CHECK(events[0].exceptions[0].message == "Expected: 4\nGot: 3");
  const Frame& f = events[0].exceptions[0].frames.frames()[0];
  CHECK(f.file == "/tmp/pt/test_edge.py");
  CHECK(f.line == 53);
  CHECK(f.function == "test_edge.mathx");
  CHECK(f.code == "mathx(1, 2)");
  CHECK(events[1].first_line == 10);
  CHECK(events[1].last_line == 27);
}

TEST_CASE("pytest: pytest's CPython-style exception group under a header") {
  auto events = Parse(
      "__________________________________ test_group __________________________________\n"
      "  + Exception Group Traceback (most recent call last):\n"
      "  |   File \"/tmp/pt/test_edge.py\", line 49, in test_group\n"
      "  |     raise ExceptionGroup(\"grp\", [ValueError(\"v\"), TypeError(\"t\")])\n"
      "  | ExceptionGroup: grp (2 sub-exceptions)\n"
      "  +-+---------------- 1 ----------------\n"
      "    | ValueError: v\n"
      "    +---------------- 2 ----------------\n"
      "    | TypeError: t\n"
      "    +------------------------------------\n"
      "________________________________ test_recursion ________________________________\n");
  CHECK(Describe(events) == Text({"test_group | ExceptionGroup: grp (2 sub-exceptions) [1] / ValueError: v [0] / "
                                  "TypeError: t [0]"}));
}

TEST_CASE("pytest: summary lines give events only for failures not shown, per session") {
  std::string session =
      "============================= test session starts ==============================\n"
      "=================================== FAILURES ===================================\n"
      "____________________________________ test_a ____________________________________\n"
      "test_x.py:3: in test_a\n"
      "    assert 1 == 2\n"
      "E   assert 1 == 2\n"
      "=========================== short test summary info ============================\n"
      "FAILED test_x.py::test_a - assert 1 == 2\n"
      "FAILED test_x.py::test_b - ModuleNotFoundError: No module named 'foo'\n"
      "FAILED test_x.py::test_c - RecursionError: maximum recursion depth...\n"
      "FAILED test_x.py::test_d - test_x.test_d.<local...\n"
      "FAILED test_x.py::test_e\n";
  const Lines once = {
      "test_a | AssertionError: assert 1 == 2 [1]",
      "test_x.py::test_b | ModuleNotFoundError: No module named 'foo' [0]",
      "test_x.py::test_c | RecursionError: maximum recursion depth... [0] (partial: pytest cut the summary line short)",
  };
  CHECK(Describe(Parse(session)) == Text(once));
  // A second session reports its own tests again.
  Lines twice = once;
  twice.insert(twice.end(), once.begin(), once.end());
  CHECK(Describe(Parse(session + session)) == Text(twice));
}

TEST_CASE("pytest: lines that are not pytest's end the event and stay ordinary lines") {
  std::vector<std::string> others;
  auto events = Parse(
      "________________________________ test_nothing _________________________________\n"
      "some other tool's output\n"
      "x.py:1:0: C0114: Missing module docstring (missing-module-docstring)\n"
      "mypy.py:3: error: Incompatible types\n",
      &others);
  CHECK(events.empty());
  CHECK(others.size() == 4);
  events = Parse(
      "____________________________________ test_a ____________________________________\n"
      "test_x.py:3: in test_a\n"
      "    assert 1 == 2\n"
      "E   assert 1 == 2\n"
      "----------------------------- Captured stdout call -----------------------------\n"
      "hello\n",
      &others);
  CHECK(Describe(events) == Text({"test_a | AssertionError: assert 1 == 2 [1]"}));
  CHECK(others == std::vector<std::string>{
                      "----------------------------- Captured stdout call -----------------------------", "hello"});
}

}  // namespace
}  // namespace tbx
