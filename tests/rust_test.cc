#include "parse/rust.h"

#include <doctest/doctest.h>

#include "parse/rust_error.h"
#include "test_util.h"

namespace tbx {
namespace {

using namespace rust;
using testing::EventsOf;

TEST_CASE("rust: panic headers of every era") {
  auto old = ParsePanicHeader("thread 'main' panicked at 'called `Option::unwrap()` on a `None` value', src/lib.rs:117:39");
  REQUIRE(old);
  CHECK(old->old_style);
  CHECK(old->message_closed);
  CHECK(old->message == "called `Option::unwrap()` on a `None` value");
  CHECK(old->location->file == "src/lib.rs");
  CHECK(old->location->column == 39);
  auto ancient = ParsePanicHeader("thread '<main>' panicked at 'boom', /build/src/libcore/result.rs:729");
  REQUIRE(ancient);
  CHECK(ancient->thread == "<main>");
  CHECK(ancient->location->line == 729);
  CHECK(ancient->location->column == 0);
  auto modern = ParsePanicHeader("thread 'tests::it_fails' panicked at src\\explorer.rs:45:14:");
  REQUIRE(modern);
  CHECK(modern->thread == "tests::it_fails");
  CHECK(modern->location->file == "src\\explorer.rs");
  auto tid = ParsePanicHeader("  thread '<unnamed>' (3926913) panicked at /home/x/.cargo/registry/src/i/t-0.3.12/src/lib.rs:705:58:");
  REQUIRE(tid);
  CHECK(tid->thread == "<unnamed>");
  CHECK(tid->location->line == 705);
  auto overflow = ParsePanicHeader("thread 'main' (11311) has overflowed its stack");
  REQUIRE(overflow);
  CHECK(overflow->stack_overflow);
  auto hook = ParsePanicHeader("panicked at src/main.rs:10:17:");
  REQUIRE(hook);
  CHECK(hook->thread.empty());
  CHECK_FALSE(ParsePanicHeader("thread 'main' started"));
}

TEST_CASE("rust: file:line:col and backtrace lines") {
  CHECK(ParseFileLineCol("C:\\x\\y.rs:3:4")->file == "C:\\x\\y.rs");
  CHECK(ParseFileLineCol("a.rs:3")->line == 3);
  CHECK_FALSE(ParseFileLineCol("no numbers"));
  auto short_frame = ParseBacktraceFrame("   5: panics::main::level3");
  REQUIRE(short_frame);
  CHECK(short_frame->first == 5);
  CHECK(short_frame->second == "panics::main::level3");
  auto full = ParseBacktraceFrame("  19:     0x563ae3b4e948 - panics::main::level3::h6ed2b7473775a323");
  REQUIRE(full);
  CHECK(full->second == "panics::main::level3::h6ed2b7473775a323");
  CHECK(ParseBacktraceAt("             at ./src/main.rs:119:55")->column == 55);
}

TEST_CASE("rust: a 1.73+ panic with a backtrace") {
  auto events = EventsOf(
      "\nthread 'main' (1) panicked at src/main.rs:119:55:\ncalled `Option::unwrap()` on a `None` value\n"
      "stack backtrace:\n   0: __rustc::rust_begin_unwind\n             at /rustc/abc/library/std/src/panicking.rs:689:5\n"
      "   1: app::main\n             at ./src/main.rs:119:55\nnote: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.\n");
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.first_line == 2);
  CHECK(e.last_line == 9);
  CHECK(e.message == "called `Option::unwrap()` on a `None` value");
  REQUIRE(e.frames.size() == 2);
  CHECK(e.frames.frames()[0].origin == Origin::kStdlib);
  CHECK(e.frames.frames()[1].origin == Origin::kUser);
  CHECK(e.frames.frames()[1].file == "./src/main.rs");
}

TEST_CASE("rust: the message ends at the note; what the program prints next is not part of it") {
  auto events = EventsOf(
      "thread 'main' panicked at src/a.rs:1:1:\nboom\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n"
      "cleanup done\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].message == "boom");
  CHECK(events[0].last_line == 3);
}

TEST_CASE("rust: an old-style message over several lines closes with its location") {
  auto events = EventsOf("thread 'main' panicked at 'assertion failed: `(left == right)`\n  left: `1`,\n right: `2`', src/main.rs:2:5\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].message == "assertion failed: `(left == right)`\n  left: `1`,\n right: `2`");
  CHECK(events[0].location->line == 2);
  CHECK_FALSE(events[0].partial);
}

TEST_CASE("rust: main returning Err with anyhow's causes; a bare Error: line is withdrawn") {
  auto events = EventsOf("Error: update failed\n\nCaused by:\n    0: failed to fetch manifest\n    1: connection reset by peer\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == kRustError);
  CHECK(events[0].causes == std::vector<std::string>{"failed to fetch manifest", "connection reset by peer"});
  CHECK(EventsOf("Error: something in a log\nnext line\n").empty());
  CHECK(EventsOf("Error: Os { code: 2, kind: NotFound, message: \"x\" }\n").size() == 1);
  CHECK(rusterror::LooksLikeDebug("ParseIntError { kind: InvalidDigit }"));
  CHECK(rusterror::LooksLikeDebug("\"database not reachable\""));
  CHECK_FALSE(rusterror::LooksLikeDebug("could not connect"));
}

TEST_CASE("rust: cargo test sections name the test") {
  auto events = EventsOf(
      "---- tests::explicit_panic stdout ----\n\nthread 'tests::explicit_panic' (2) panicked at src/lib.rs:28:26:\n"
      "element 3 missing\n\nfailures:\n    tests::explicit_panic\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].test == "tests::explicit_panic");
}

}  // namespace
}  // namespace tbx
