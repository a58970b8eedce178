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

// ---------------------------------------------------------------------------
// diag::ParseHeader, case by case.

TEST_CASE("diagnostic: ParseHeader reads a rustc error with its code") {
  auto h = diag::ParseHeader("error[E0425]: cannot find value `undefined_var` in this scope");
  REQUIRE(h);
  CHECK(h->level == "error");
  CHECK(h->code == "E0425");
  CHECK(h->message == "cannot find value `undefined_var` in this scope");
  CHECK(h->tool == "");
  CHECK_FALSE(h->location);
}

TEST_CASE("diagnostic: ParseHeader reads errors and warnings without a code") {
  auto cargo = diag::ParseHeader("error: could not compile `compile_err` (bin \"compile_err\") due to 2 previous errors");
  REQUIRE(cargo);
  CHECK(cargo->level == "error");
  CHECK(cargo->code == "");
  CHECK(cargo->message == "could not compile `compile_err` (bin \"compile_err\") due to 2 previous errors");
  CHECK(cargo->tool == "");
  auto warn = diag::ParseHeader("warning: variable does not need to be mutable");
  REQUIRE(warn);
  CHECK(warn->level == "warning");
  CHECK(warn->code == "");
  CHECK(warn->message == "variable does not need to be mutable");
  auto linker = diag::ParseHeader("error: linker `cc` not found");
  REQUIRE(linker);
  CHECK(linker->message == "linker `cc` not found");
  CHECK(linker->tool == "");
}

TEST_CASE("diagnostic: ParseHeader knows pip's two spellings") {
  auto old = diag::ParseHeader("ERROR: No matching distribution found for x");
  REQUIRE(old);
  CHECK(old->level == "error");
  CHECK(old->code == "");
  CHECK(old->message == "No matching distribution found for x");
  CHECK(old->tool == "pip");
  auto rich = diag::ParseHeader("error: externally-managed-environment");
  REQUIRE(rich);
  CHECK(rich->level == "error");
  CHECK(rich->message == "externally-managed-environment");
  CHECK(rich->tool == "pip");
  auto sub = diag::ParseHeader("error: subprocess-exited-with-error");
  REQUIRE(sub);
  CHECK(sub->tool == "pip");
}

TEST_CASE("diagnostic: ParseHeader rejects look-alikes") {
  CHECK_FALSE(diag::ParseHeader("errors: 3"));
  CHECK_FALSE(diag::ParseHeader("error:no blank"));
  CHECK_FALSE(diag::ParseHeader("error: "));
  CHECK_FALSE(diag::ParseHeader("ERROR: "));
  CHECK_FALSE(diag::ParseHeader("warnings: 2"));
  CHECK_FALSE(diag::ParseHeader("Error: update failed"));
  CHECK_FALSE(diag::ParseHeader("error[E0308 mismatched types"));
  CHECK_FALSE(diag::ParseHeader("  error: indented"));
  CHECK_FALSE(diag::ParseHeader("ValueError: x"));
  CHECK_FALSE(diag::ParseHeader(""));
}

TEST_CASE("diagnostic: ParseShortHeader reads rustc's short format") {
  auto h = diag::ParseShortHeader("borrow.rs:10:20: error[E0382]: borrow of moved value: `name`: value borrowed here after move");
  REQUIRE(h);
  CHECK(h->level == "error");
  CHECK(h->code == "E0382");
  CHECK(h->message == "borrow of moved value: `name`: value borrowed here after move");
  REQUIRE(h->location);
  CHECK(h->location->file == "borrow.rs");
  CHECK(h->location->line == 10);
  CHECK(h->location->column == 20);
  auto w = diag::ParseShortHeader("borrow.rs:7:9: warning: variable does not need to be mutable");
  REQUIRE(w);
  CHECK(w->level == "warning");
  CHECK(w->code == "");
  CHECK(w->location->column == 9);
  CHECK_FALSE(diag::ParseShortHeader("error[E0308]: mismatched types"));
  CHECK_FALSE(diag::ParseShortHeader("src/main.rs:4:5: ERROR: not rustc"));
}

// ---------------------------------------------------------------------------
// The recognizer on real rustc, cargo and pip output.

TEST_CASE("diagnostic: cargo_build_compile_errors.txt: two rustc errors and cargo's summary") {
  auto events = EventsOf(testing::SharedFormat("rust/cargo_build_compile_errors.txt"));
  REQUIRE(events.size() == 3);
  const Event& a = events[0];
  CHECK(a.kind == kDiagnostic);
  CHECK(a.tool == "rustc");
  CHECK(a.level == "error");
  CHECK(a.code == "E0425");
  CHECK(a.message == "cannot find value `undefined_var` in this scope");
  REQUIRE(a.location);
  CHECK(a.location->file == "src/main.rs");
  CHECK(a.location->line == 11);
  CHECK(a.location->column == 20);
  CHECK(a.first_line == 2);
  CHECK(a.last_line == 6);
  CHECK_FALSE(IsSummaryDiagnostic(a));
  const Event& b = events[1];
  CHECK(b.tool == "rustc");
  CHECK(b.code == "E0308");
  CHECK(b.message == "mismatched types");
  REQUIRE(b.location);
  CHECK(b.location->file == "src/main.rs");
  CHECK(b.location->line == 7);
  CHECK(b.location->column == 22);
  CHECK(b.first_line == 8);
  CHECK(b.last_line == 14);
  CHECK_FALSE(IsSummaryDiagnostic(b));
  const Event& c = events[2];
  CHECK(c.tool == "cargo");
  CHECK(c.level == "error");
  CHECK(c.code == "");
  CHECK(c.message == "could not compile `compile_err` (bin \"compile_err\") due to 2 previous errors");
  CHECK_FALSE(c.location);
  CHECK(c.first_line == 18);
  CHECK(c.last_line == 18);
  CHECK(IsSummaryDiagnostic(c));
}

TEST_CASE("diagnostic: rustc_short_format.txt: one event per line with its location") {
  auto events = EventsOf(testing::SharedFormat("rust/rustc_short_format.txt"));
  REQUIRE(events.size() == 5);
  for (size_t i = 0; i < events.size(); ++i) {
    CHECK(events[i].kind == kDiagnostic);
    CHECK(events[i].tool == "rustc");
    CHECK(events[i].first_line == i + 1);
    CHECK(events[i].last_line == i + 1);
  }
  CHECK(events[0].level == "warning");
  CHECK(events[0].message == "variable does not need to be mutable");
  CHECK(events[0].location->file == "borrow.rs");
  CHECK(events[0].location->line == 7);
  CHECK(events[0].location->column == 9);
  CHECK(events[1].level == "error");
  CHECK(events[1].code == "E0382");
  CHECK(events[1].message == "borrow of moved value: `name`: value borrowed here after move");
  CHECK(events[1].location->line == 10);
  CHECK(events[1].location->column == 20);
  CHECK(events[2].message == "unused variable: `unused`: help: if this is intentional, prefix it with an underscore: `_unused`");
  CHECK(events[2].location->line == 6);
  CHECK(events[3].message == "unused variable: `Count`: help: if this is intentional, prefix it with an underscore: `_Count`");
  CHECK(events[4].level == "error");
  CHECK(events[4].code == "");
  CHECK(events[4].message == "aborting due to 1 previous error; 3 warnings emitted");
  CHECK_FALSE(events[4].location);
  CHECK(IsSummaryDiagnostic(events[4]));
  CHECK_FALSE(IsSummaryDiagnostic(events[1]));
}

TEST_CASE("diagnostic: pip's externally-managed-environment box (corpus 006) is one pip error") {
  auto events = EventsOf(testing::ReadFile(std::string(TBEXPLAIN_SHARED_DIR) + "/corpus/006-pip-externally-managed-get-pip/input.txt"));
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.kind == kDiagnostic);
  CHECK(e.tool == "pip");
  CHECK(e.level == "error");
  CHECK(e.code == "");
  CHECK(e.message == "externally-managed-environment");
  CHECK(e.first_line == 3);
  CHECK(e.last_line == 22);
  CHECK_FALSE(e.partial);
  REQUIRE_FALSE(e.lines.empty());
  CHECK(e.lines.front() == "error: externally-managed-environment");
  CHECK(e.lines.back() == "hint: See PEP 668 for the detailed specification.");
}

TEST_CASE("diagnostic: pip's one-line ERROR: is an event of its own, without the lines around it") {
  auto events = EventsOf(
      "Collecting x\n"
      "ERROR: Could not find a version that satisfies the requirement x (from versions: none)\n"
      "ERROR: No matching distribution found for x\n"
      "done\n");
  REQUIRE(events.size() == 2);
  CHECK(events[0].tool == "pip");
  CHECK(events[0].message == "Could not find a version that satisfies the requirement x (from versions: none)");
  CHECK(events[0].first_line == 2);
  CHECK(events[0].last_line == 2);
  CHECK(events[1].tool == "pip");
  CHECK(events[1].level == "error");
  CHECK(events[1].message == "No matching distribution found for x");
  CHECK(events[1].first_line == 3);
  CHECK(events[1].last_line == 3);
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
  // docker build (BuildKit, plain progress)
  CHECK(PrefixLength("#14 2.415 ERROR: Could not build wheels for psycopg2") == 10);
  CHECK(PrefixLength("#8 12.07   error: subprocess-exited-with-error") == 9);
  CHECK(PrefixLength("#14 DONE 2.4s") == 0);
  CHECK(PrefixLength("#[derive(Debug)]") == 0);
  CHECK(PrefixLength("# comment 1.5 x") == 0);
}

TEST_CASE("prefix: a pip failure inside docker build's BuildKit output is found") {
  auto events = EventsOf(
      "#14 [builder 5/7] RUN pip install -r requirements.txt\n"
      "#14 2.415 ERROR: No matching distribution found for torch==2.9.9\n"
      "#14 ERROR: process \"/bin/sh -c pip install -r requirements.txt\" did not complete successfully\n");
  REQUIRE(events.size() >= 1);
  CHECK(events[0].tool == "pip");
  CHECK(events[0].message == "No matching distribution found for torch==2.9.9");
  CHECK(events[0].first_line == 2);
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
