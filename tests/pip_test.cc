// pip's errors on the real pastes in ../shared/corpus (006, 009) and the
// layouts of older and newer pip: rich boxes, one-line ERROR:s, and pip <
// 22's "Command errored out" with its counted output.
#include "parse/diagnostic.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "test_util.h"

namespace tbx {
namespace {

using testing::EventsOf;
using testing::IncidentsOf;

std::string ReadShared(const std::string& rel) {
  std::ifstream in(std::string(TBEXPLAIN_SHARED_DIR) + "/" + rel, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing ", rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_CASE("pip: corpus 006: externally-managed-environment takes its whole box, blank lines and note: and hint:") {
  auto events = EventsOf(ReadShared("corpus/006-pip-externally-managed-get-pip/input.txt"));
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.kind == kDiagnostic);
  CHECK(e.tool == "pip");
  CHECK(e.level == "error");
  CHECK(e.message == "externally-managed-environment");
  CHECK(e.first_line == 3);
  CHECK(e.last_line == 22);
  CHECK(e.lines.back() == "hint: See PEP 668 for the detailed specification.");
}

TEST_CASE("pip: corpus 009: an indented subprocess-exited-with-error box, then Failed building wheel, one incident") {
  auto incidents = IncidentsOf(ReadShared("corpus/009-pip-msvc-lru-dict/input.txt"));
  REQUIRE(incidents.size() == 1);
  const auto& ev = incidents[0].events;
  REQUIRE(ev.size() == 3);
  CHECK(ev[0].tool == "pip");
  CHECK(ev[0].message == "subprocess-exited-with-error");
  CHECK(ev[0].first_line == 3);
  CHECK(ev[0].last_line == 15);  // the box, the compiler's output inside and the note
  bool msvc = false;
  for (const auto& l : ev[0].lines) msvc = msvc || l.find("Microsoft Visual C++ 14.0 or greater is required") != std::string::npos;
  CHECK(msvc);
  CHECK(ev[1].message == "Failed building wheel for lru-dict");
  CHECK(ev[1].first_line == 16);
  CHECK(ev[1].last_line == 16);
  CHECK(ev[2].message ==
        "Could not build wheels for lru-dict, which is required to install pyproject.toml-based projects");
  CHECK(ev[2].first_line == 19);
}

TEST_CASE("pip: an error: inside the box's output is part of it, not an event of its own") {
  auto events = EventsOf(
      "  Running setup.py install for lru-dict ... error\n"
      "  error: subprocess-exited-with-error\n\n"
      "  \xC3\x97 Running setup.py install for lru-dict did not run successfully.\n"
      "  \xE2\x94\x82 exit code: 1\n"
      "  \xE2\x95\xB0\xE2\x94\x80> [3 lines of output]\n"
      "      running install\n"
      "      ERROR: something inside\n"
      "      error: command 'gcc' failed: No such file or directory\n"
      "      [end of output]\n\n"
      "  note: This error originates from a subprocess, and is likely not a problem with pip.\n"
      "  Running setup.py clean for lru-dict\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].first_line == 2);
  CHECK(events[0].last_line == 12);
}

TEST_CASE("pip: legacy-install-failure and metadata-generation-failed boxes at column 0") {
  auto events = EventsOf(
      "error: legacy-install-failure\n\n"
      "\xC3\x97 Encountered error while trying to install package.\n"
      "\xE2\x95\xB0\xE2\x94\x80> lru-dict\n\n"
      "note: This is an issue with the package mentioned above, not pip.\n"
      "hint: See above for output from the failure.\n"
      "error: metadata-generation-failed\n\n"
      "\xC3\x97 Encountered error while generating package metadata.\n"
      "\xE2\x95\xB0\xE2\x94\x80> See above for output.\n\n"
      "note: This is an issue with the package mentioned above, not pip.\n"
      "hint: See above for details.\n"
      "$ next command\n");
  REQUIRE(events.size() == 2);
  CHECK(events[0].message == "legacy-install-failure");
  CHECK(events[0].last_line == 7);
  CHECK(events[1].message == "metadata-generation-failed");
  CHECK(events[1].first_line == 8);
  CHECK(events[1].last_line == 14);
}

TEST_CASE("pip: Could not find a version, then No matching distribution: one incident") {
  auto incidents = IncidentsOf(
      "$ pip install nosuchpkg\n"
      "ERROR: Could not find a version that satisfies the requirement nosuchpkg (from versions: none)\n"
      "ERROR: No matching distribution found for nosuchpkg\n");
  REQUIRE(incidents.size() == 1);
  REQUIRE(incidents[0].events.size() == 2);
  CHECK(incidents[0].events[0].message ==
        "Could not find a version that satisfies the requirement nosuchpkg (from versions: none)");
  CHECK(incidents[0].events[1].message == "No matching distribution found for nosuchpkg");
  for (const auto& e : incidents[0].events) {
    CHECK(e.tool == "pip");
    CHECK(e.first_line == e.last_line);
  }
}

TEST_CASE("pip: pip < 22's Command errored out takes exactly its counted output and the closing rule") {
  auto events = EventsOf(
      "    ERROR: Command errored out with exit status 1:\n"
      "     command: /usr/bin/python3 -c 'import sys, setuptools'\n"
      "         cwd: /tmp/pip-install-x/old/\n"
      "    Complete output (4 lines):\n"
      "    Traceback (most recent call last):\n"
      "      File \"<string>\", line 1, in <module>\n"
      "    ModuleNotFoundError: No module named 'setuptools'\n"
      "\n"
      "    ----------------------------------------\n"
      "ERROR: Command errored out with exit status 1: python setup.py egg_info Check the logs for full command output.\n");
  REQUIRE(events.size() == 2);
  CHECK(events[0].tool == "pip");
  CHECK(events[0].first_line == 1);
  CHECK(events[0].last_line == 9);
  CHECK(events[1].first_line == 10);
  CHECK(events[1].last_line == 10);
  // Without the closing rule the event ends after the counted lines.
  auto cut = EventsOf(
      "ERROR: Command errored out with exit status 1:\n Complete output (1 lines):\nboom\nafter\n");
  REQUIRE(cut.size() == 1);
  CHECK(cut[0].last_line == 3);
}

TEST_CASE("pip: header and output classifiers") {
  size_t indent = 99;
  auto h = diag::ParsePipHeader("  error: subprocess-exited-with-error", &indent);
  REQUIRE(h);
  CHECK(indent == 2);
  CHECK(h->message == "subprocess-exited-with-error");
  CHECK(diag::ParsePipHeader("  ERROR: Failed building wheel for x", &indent));
  CHECK_FALSE(diag::ParsePipHeader("  error: something with spaces", &indent));  // not pip's kebab-case
  CHECK_FALSE(diag::ParsePipHeader("            ERROR: too deep", &indent));
  CHECK(diag::ParsePipCompleteOutput("    Complete output (12 lines):") == std::optional<int64_t>(12));
  CHECK_FALSE(diag::ParsePipCompleteOutput("Complete output (x lines):"));
  CHECK(diag::IsPipBoxLine("  \xE2\x95\xB0\xE2\x94\x80> [5 lines of output]"));
  CHECK_FALSE(diag::IsPipBoxLine("  Running setup.py clean for lru-dict"));
}

TEST_CASE("pip: other tools' indented ERROR lines inside a traceback message do not swallow it") {
  // A Python traceback before pip output still parses; pip's events do not
  // start inside other events.
  auto events = EventsOf(
      "Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\nValueError: bad\n"
      "ERROR: Could not install packages due to an OSError: [Errno 13] Permission denied: '/usr/lib/x'\n");
  REQUIRE(events.size() == 2);
  CHECK(events[0].kind == kPythonTraceback);
  CHECK(events[1].tool == "pip");
}

}  // namespace
}  // namespace tbx
