#include "parse/diagnostic.h"

#include <doctest/doctest.h>

#include "parse/prefix.h"
#include "parse/pywarning.h"
#include "test_util.h"

namespace tbx {
namespace {

using testing::EventsOf;

TEST_CASE("diagnostic: headers") {
  auto h = diag::ParseHeader("error[E0308]: mismatched types");
  REQUIRE(h);
  CHECK(h->level == "error");
  CHECK(h->code == "E0308");
  CHECK(h->message == "mismatched types");
  CHECK(diag::ParseHeader("error: externally-managed-environment")->tool == "pip");
  CHECK(diag::ParseHeader("ERROR: No matching distribution found for x")->tool == "pip");
  CHECK(diag::ParseHeader("warning: unused variable: `x`")->level == "warning");
  CHECK_FALSE(diag::ParseHeader("errors: 3"));
  auto short_h = diag::ParseShortHeader("src/main.rs:4:5: error[E0308]: mismatched types");
  REQUIRE(short_h);
  CHECK(short_h->location->line == 4);
  CHECK_FALSE(diag::ParseShortHeader("main.c:4:5: error: C is not Rust"));
}

TEST_CASE("diagnostic: rustc's arrow gives the location; cargo's summary joins the incident") {
  auto incidents = testing::IncidentsOf(
      "error[E0308]: mismatched types\n --> src/main.rs:4:18\n  |\n4 |     let n: u32 = \"5\";\n  |            ^^^ expected\n\n"
      "error: could not compile `demo` (bin \"demo\") due to 1 previous error\n");
  REQUIRE(incidents.size() == 1);
  REQUIRE(incidents[0].events.size() == 2);
  const Event& e = incidents[0].events[0];
  CHECK(e.tool == "rustc");
  CHECK(e.location->file == "src/main.rs");
  CHECK(e.location->column == 18);
  CHECK(IsSummaryDiagnostic(incidents[0].events[1]));
}

TEST_CASE("diagnostic: a linker error keeps the linker's output under its note") {
  auto events = EventsOf(
      "error: linking with `cc` failed: exit status: 1\n  |\n  = note: \"cc\" \"-m64\" \"x.o\"\n"
      "  = note: /usr/bin/ld: cannot find -lssl\n          /usr/bin/ld: x.o: undefined reference to `SSL_new`\n"
      "          collect2: error: ld returned 1 exit status\n\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].last_line == 6);
  CHECK(events[0].lines.back().find("collect2") != std::string::npos);
}

TEST_CASE("diagnostic: pip's box belongs to its error") {
  auto events = EventsOf(
      "error: externally-managed-environment\n\n\xC3\x97 This environment is externally managed\n"
      "\xE2\x95\xB0\xE2\x94\x80> To install Python packages system-wide, try apt install\n    python3-xyz.\n\n"
      "note: If you believe this is a mistake, please contact your Python installation.\n"
      "hint: See PEP 668 for the detailed specification.\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].tool == "pip");
  CHECK(events[0].last_line == 8);
}

TEST_CASE("diagnostic: a warning: line from some other program is not a rustc warning") {
  CHECK(EventsOf("warning: can't use pyrepl: terminal doesn't have the required clear capability\n").empty());
  CHECK(EventsOf("warning: unused variable: `x`\n --> src/main.rs:2:9\n").size() == 1);
}

TEST_CASE("diagnostic: Python warnings are diagnostics of tool python") {
  auto w = pywarning::Parse("/app/x.py:9: DeprecationWarning: old_api() is deprecated");
  REQUIRE(w);
  CHECK(w->file == "/app/x.py");
  CHECK(w->line == 9);
  CHECK(w->category == "DeprecationWarning");
  CHECK(pywarning::Parse("C:\\app\\x.py:9: UserWarning: x")->file == "C:\\app\\x.py");
  auto events = EventsOf("/app/x.py:9: DeprecationWarning: old\n  old_api()\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].tool == "python");
  CHECK(events[0].code == "DeprecationWarning");
  CHECK(events[0].last_line == 2);
}

TEST_CASE("prefix: CI, container and journal prefixes") {
  CHECK(PrefixLength("2024-05-01T12:00:00.1234567Z Traceback") == 29);
  CHECK(PrefixLength("[2024-05-01 12:00:00,123] x") == 26);
  CHECK(PrefixLength("web_1  | Traceback") == 9);
  CHECK(PrefixLength("web-1  | x") == 9);
  CHECK(PrefixLength("web_1  |") == 8);
  CHECK(PrefixLength("[pod/echo-7c/hello] x") == 20);
  CHECK(PrefixLength("Dez 28 06:43:00 XXX mail_on_failure[9777]: Traceback") == 43);
  CHECK(PrefixLength("web-1  | 2024-05-01T12:00:00Z ##[error]boom") == 30);
  CHECK(PrefixLength("4 |     let n: u32 = 5;") == 0);  // rustc's gutter is no prefix
  CHECK(PrefixLength("Traceback (most recent call last):") == 0);
  CHECK(PrefixLength("2024-05-01 INFO x") == 0);
}

TEST_CASE("prefix: a docker compose traceback parses, and ends where the prefix stops") {
  auto events = EventsOf(
      "web_1  | Traceback (most recent call last):\nweb_1  |   File \"/code/manage.py\", line 10, in main\n"
      "web_1  | ModuleNotFoundError: No module named 'django'\nhello_web_1 exited with code 1\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].exceptions[0].message == "No module named 'django'");
  CHECK(events[0].last_line == 3);
}

}  // namespace
}  // namespace tbx
