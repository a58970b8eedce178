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

// ---------------------------------------------------------------------------
// ParsePanicHeader, era by era.

TEST_CASE("rust: ParsePanicHeader: before 1.73, message and location on one line") {
  auto h = ParsePanicHeader("thread 'main' panicked at 'boom', src/main.rs:23:23");
  REQUIRE(h);
  CHECK(h->thread == "main");
  CHECK(h->old_style);
  CHECK(h->message_closed);
  CHECK(h->message == "boom");
  CHECK_FALSE(h->stack_overflow);
  REQUIRE(h->location);
  CHECK(h->location->file == "src/main.rs");
  CHECK(h->location->line == 23);
  CHECK(h->location->column == 23);
}

TEST_CASE("rust: ParsePanicHeader: before 1.73, a message with quotes and commas of its own") {
  auto h = ParsePanicHeader("thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value: \"a', b\"', src/lib.rs:4:9");
  REQUIRE(h);
  CHECK(h->message == "called `Result::unwrap()` on an `Err` value: \"a', b\"");
  REQUIRE(h->location);
  CHECK(h->location->file == "src/lib.rs");
  CHECK(h->location->line == 4);
  CHECK(h->location->column == 9);
}

TEST_CASE("rust: ParsePanicHeader: before 1.73, the first line of a multi-line message has no location yet") {
  auto h = ParsePanicHeader("thread 'main' panicked at 'assertion failed: `(left == right)`");
  REQUIRE(h);
  CHECK(h->thread == "main");
  CHECK(h->old_style);
  CHECK_FALSE(h->message_closed);
  CHECK_FALSE(h->location);
  CHECK(h->message == "assertion failed: `(left == right)`");
}

TEST_CASE("rust: ParsePanicHeader: 1.73+ puts FILE:L:C: on the header and the message below") {
  auto h = ParsePanicHeader("thread 'main' panicked at src/main.rs:23:23:");
  REQUIRE(h);
  CHECK(h->thread == "main");
  CHECK_FALSE(h->old_style);
  CHECK(h->message.empty());
  REQUIRE(h->location);
  CHECK(h->location->file == "src/main.rs");
  CHECK(h->location->line == 23);
  CHECK(h->location->column == 23);
  CHECK_FALSE(ParsePanicHeader("thread 'main' panicked at src/main.rs:23:23"));  // 1.73+ ends with ':'
}

TEST_CASE("rust: ParsePanicHeader: 1.91+ thread id, absolute paths and /rustc/ paths") {
  auto h = ParsePanicHeader("thread 'main' (11261) panicked at src/main.rs:23:23:");
  REQUIRE(h);
  CHECK(h->thread == "main");
  CHECK(h->location->line == 23);
  auto rustc = ParsePanicHeader(
      "thread 'main' (12345) panicked at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/str/mod.rs:68:5:");
  REQUIRE(rustc);
  CHECK(rustc->location->file == "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/str/mod.rs");
  CHECK(rustc->location->line == 68);
  CHECK(rustc->location->column == 5);
  CHECK_FALSE(ParsePanicHeader("thread 'main' (abc) panicked at src/main.rs:1:1:"));
}

TEST_CASE("rust: ParsePanicHeader: thread names with ::, <unnamed>, blanks and dashes") {
  auto test = ParsePanicHeader("thread 'tests::nested::it_fails' (2) panicked at src/lib.rs:28:26:");
  REQUIRE(test);
  CHECK(test->thread == "tests::nested::it_fails");
  auto unnamed = ParsePanicHeader("thread '<unnamed>' (14128) panicked at src/lib.rs:5:28:");
  REQUIRE(unnamed);
  CHECK(unnamed->thread == "<unnamed>");
  CHECK(unnamed->location->line == 5);
  CHECK(unnamed->location->column == 28);
  auto named = ParsePanicHeader("thread 'db-writer' (11303) panicked at src/main.rs:94:22:");
  REQUIRE(named);
  CHECK(named->thread == "db-writer");
  auto blank = ParsePanicHeader("thread 'tokio runtime worker' panicked at src/main.rs:9:5:");
  REQUIRE(blank);
  CHECK(blank->thread == "tokio runtime worker");
}

TEST_CASE("rust: ParsePanicHeader: Windows paths keep drive letter and backslashes") {
  auto h = ParsePanicHeader("thread 'main' panicked at C:\\Users\\me\\app\\src\\main.rs:7:13:");
  REQUIRE(h);
  REQUIRE(h->location);
  CHECK(h->location->file == "C:\\Users\\me\\app\\src\\main.rs");
  CHECK(h->location->line == 7);
  CHECK(h->location->column == 13);
  auto old = ParsePanicHeader("thread 'main' panicked at 'boom', src\\main.rs:2:5");
  REQUIRE(old);
  CHECK(old->location->file == "src\\main.rs");
  auto reg = ParsePanicHeader(
      "thread 'main' panicked at C:\\Users\\me\\.cargo\\registry\\src\\index.crates.io-6f17d22bba15001f\\tokio-1.37.0\\src\\lib.rs:1:2:");
  REQUIRE(reg);
  CHECK(reg->location->file ==
        "C:\\Users\\me\\.cargo\\registry\\src\\index.crates.io-6f17d22bba15001f\\tokio-1.37.0\\src\\lib.rs");
}

TEST_CASE("rust: ParsePanicHeader: a cargo-indented header is accepted; other thread lines are not") {
  auto h = ParsePanicHeader("  thread 'main' (15232) panicked at build.rs:3:5:");
  REQUIRE(h);
  CHECK(h->thread == "main");
  CHECK(h->location->file == "build.rs");
  CHECK_FALSE(ParsePanicHeader("thread 'main' panicked"));
  CHECK_FALSE(ParsePanicHeader("thread main panicked at src/main.rs:1:1:"));
  CHECK_FALSE(ParsePanicHeader("the thread 'main' panicked at src/main.rs:1:1:"));
  CHECK_FALSE(ParsePanicHeader(""));
}

TEST_CASE("rust: ParseFileLineCol reads FILE:LINE:COL and FILE:LINE") {
  auto full = ParseFileLineCol("src/main.rs:119:55");
  REQUIRE(full);
  CHECK(full->file == "src/main.rs");
  CHECK(full->line == 119);
  CHECK(full->column == 55);
  auto no_col = ParseFileLineCol("/build/src/libcore/result.rs:729");
  REQUIRE(no_col);
  CHECK(no_col->file == "/build/src/libcore/result.rs");
  CHECK(no_col->line == 729);
  CHECK(no_col->column == 0);
  auto win = ParseFileLineCol("C:\\x\\y.rs:3:4");
  REQUIRE(win);
  CHECK(win->file == "C:\\x\\y.rs");
  CHECK(win->line == 3);
  CHECK(win->column == 4);
  auto trimmed = ParseFileLineCol("  ./src/lib.rs:5:28  ");
  REQUIRE(trimmed);
  CHECK(trimmed->file == "./src/lib.rs");
  CHECK_FALSE(ParseFileLineCol(":3:4"));
  CHECK_FALSE(ParseFileLineCol("src/main.rs:"));
  CHECK_FALSE(ParseFileLineCol("src/main.rs:x:4x"));
  CHECK_FALSE(ParseFileLineCol(""));
}

TEST_CASE("rust: ParseBacktraceFrame reads short frames") {
  auto f = ParseBacktraceFrame("   5: panics::main::level3");
  REQUIRE(f);
  CHECK(f->first == 5);
  CHECK(f->second == "panics::main::level3");
  auto generic = ParseBacktraceFrame("   4: core::option::Option<T>::unwrap");
  REQUIRE(generic);
  CHECK(generic->first == 4);
  CHECK(generic->second == "core::option::Option<T>::unwrap");
  auto two = ParseBacktraceFrame("  24: _start");
  REQUIRE(two);
  CHECK(two->first == 24);
  CHECK(two->second == "_start");
}

TEST_CASE("rust: ParseBacktraceFrame reads full frames without their address") {
  auto f = ParseBacktraceFrame("  19:     0x563ae3b4e948 - panics::main::level3::h6ed2b7473775a323");
  REQUIRE(f);
  CHECK(f->first == 19);
  CHECK(f->second == "panics::main::level3::h6ed2b7473775a323");
  auto zero = ParseBacktraceFrame("  40:                0x0 - <unknown>");
  REQUIRE(zero);
  CHECK(zero->first == 40);
  CHECK(zero->second == "<unknown>");
  auto first = ParseBacktraceFrame("   0:     0x563ae3b849ca - std[e28293b1aa0f68bd]::backtrace_rs::backtrace::libunwind::trace");
  REQUIRE(first);
  CHECK(first->first == 0);
  CHECK(first->second == "std[e28293b1aa0f68bd]::backtrace_rs::backtrace::libunwind::trace");
}

TEST_CASE("rust: ParseBacktraceFrame rejects at lines, notes, gutter lines and timestamps") {
  CHECK_FALSE(ParseBacktraceFrame("             at ./src/main.rs:119:55"));
  CHECK_FALSE(ParseBacktraceFrame("note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace."));
  CHECK_FALSE(ParseBacktraceFrame("11 |     println!(\"{}\", undefined_var);"));
  CHECK_FALSE(ParseBacktraceFrame("   5:"));
  CHECK_FALSE(ParseBacktraceFrame("12:00:00 worker started"));
}

TEST_CASE("rust: ParseBacktraceAt reads the at line of short and full backtraces") {
  auto a = ParseBacktraceAt("             at ./src/main.rs:119:55");
  REQUIRE(a);
  CHECK(a->file == "./src/main.rs");
  CHECK(a->line == 119);
  CHECK(a->column == 55);
  auto full = ParseBacktraceAt(
      "                               at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/panicking.rs:689:5");
  REQUIRE(full);
  CHECK(full->file == "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/panicking.rs");
  CHECK(full->line == 689);
  CHECK(full->column == 5);
  auto glibc = ParseBacktraceAt("             at ./csu/../csu/libc-start.c:360:3");
  REQUIRE(glibc);
  CHECK(glibc->file == "./csu/../csu/libc-start.c");
  CHECK_FALSE(ParseBacktraceAt("             at"));
  CHECK_FALSE(ParseBacktraceAt("   5: panics::main::level3"));
  CHECK_FALSE(ParseBacktraceAt("             attempt to add with overflow"));
}

// ---------------------------------------------------------------------------
// The recognizer, through the splitter, on Rust 1.95's own output.

std::vector<Event> RsFile(const std::string& name) { return EventsOf(testing::SharedFormat("rust/" + name)); }

TEST_CASE("rust: panic_explicit.txt is one panic with thread, message and location") {
  auto events = RsFile("panic_explicit.txt");
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.kind == kRustPanic);
  CHECK(e.first_line == 2);
  CHECK(e.last_line == 4);
  CHECK_FALSE(e.partial);
  CHECK(e.thread == "main");
  CHECK(e.message == "boom");
  REQUIRE(e.location);
  CHECK(e.location->file == "src/main.rs");
  CHECK(e.location->line == 23);
  CHECK(e.location->column == 23);
  CHECK(e.frames.empty());
  CHECK(e.exceptions.empty());
}

TEST_CASE("rust: panic_multiline.txt keeps every message line and the indent of the third") {
  auto events = RsFile("panic_multiline.txt");
  REQUIRE(events.size() == 1);
  CHECK(events[0].message == "first line\nsecond line\n    indented third");
  CHECK(events[0].first_line == 2);
  CHECK(events[0].last_line == 6);
  CHECK(events[0].location->line == 28);
  CHECK(events[0].location->column == 24);
  CHECK_FALSE(events[0].partial);
}

TEST_CASE("rust: panic_assert_eq.txt keeps the left and right lines in the message") {
  auto events = RsFile("panic_assert_eq.txt");
  REQUIRE(events.size() == 1);
  CHECK(events[0].message == "assertion `left == right` failed\n  left: 2\n right: 3");
  CHECK(events[0].location->file == "src/main.rs");
  CHECK(events[0].location->line == 71);
  CHECK(events[0].location->column == 13);
  CHECK(events[0].last_line == 6);
}

TEST_CASE("rust: backtrace1_nested_fn.txt has ten frames with files, lines and origins") {
  auto events = RsFile("backtrace1_nested_fn.txt");
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.first_line == 2);
  CHECK(e.last_line == 25);
  CHECK_FALSE(e.partial);
  CHECK(e.message == "called `Option::unwrap()` on a `None` value");
  CHECK(e.location->line == 119);
  const auto& f = e.frames.frames();
  REQUIRE(f.size() == 10);
  for (size_t i = 0; i < f.size(); ++i) CHECK(f[i].index == static_cast<int64_t>(i));
  CHECK(f[0].function == "__rustc::rust_begin_unwind");
  CHECK(f[0].file == "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/panicking.rs");
  CHECK(f[0].line == 689);
  CHECK(f[0].column == 5);
  CHECK(f[0].origin == Origin::kStdlib);
  CHECK(f[4].function == "core::option::Option<T>::unwrap");
  CHECK(f[4].origin == Origin::kStdlib);
  CHECK(f[5].function == "panics::main::level3");
  CHECK(f[5].file == "./src/main.rs");
  CHECK(f[5].line == 119);
  CHECK(f[5].column == 55);
  CHECK(f[5].origin == Origin::kUser);
  CHECK(f[5].input_line == 15);
  CHECK(f[8].function == "panics::main");
  CHECK(f[8].line == 120);
  CHECK(f[8].column == 13);
  CHECK(f[8].origin == Origin::kUser);
  CHECK(f[9].function == "core::ops::function::FnOnce::call_once");
  CHECK(f[9].origin == Origin::kStdlib);
}

TEST_CASE("rust: backtrace1_release_nested_fn.txt has five frames without locations") {
  auto events = RsFile("backtrace1_release_nested_fn.txt");
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.last_line == 10);
  CHECK_FALSE(e.partial);
  const auto& f = e.frames.frames();
  REQUIRE(f.size() == 5);
  CHECK(f[0].function == "__rustc::rust_begin_unwind");
  CHECK(f[0].origin == Origin::kStdlib);
  CHECK(f[3].function == "core::option::unwrap_failed");
  CHECK(f[3].origin == Origin::kStdlib);
  CHECK(f[4].index == 4);
  CHECK(f[4].function == "panics::main");
  for (const Frame& fr : f) {
    CHECK(fr.file.empty());
    CHECK(fr.line == 0);
  }
}

TEST_CASE("rust: backtrace_full_nested_fn.txt has 41 frames; addresses and hashes stay out of the file") {
  auto events = RsFile("backtrace_full_nested_fn.txt");
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.first_line == 2);
  CHECK(e.last_line == 82);
  CHECK_FALSE(e.partial);
  const auto& f = e.frames.frames();
  REQUIRE(f.size() == 41);
  CHECK(f[0].function == "std[e28293b1aa0f68bd]::backtrace_rs::backtrace::libunwind::trace");
  CHECK(f[0].origin == Origin::kStdlib);
  CHECK(f[5].function == "core[c1f1a4ba060b9bfa]::fmt::write");
  CHECK(f[5].file.empty());  // no at line under frame 5
  CHECK(f[5].origin == Origin::kStdlib);
  CHECK(f[19].index == 19);
  CHECK(f[19].function == "panics::main::level3::h6ed2b7473775a323");
  CHECK(f[19].file == "/home/dev/formats/src/rs/panics/src/main.rs");
  CHECK(f[19].line == 119);
  CHECK(f[19].column == 55);
  CHECK(f[19].origin == Origin::kUser);
  CHECK(f[22].function == "panics::main::hfa468aa5b451c752");
  CHECK(f[22].origin == Origin::kUser);
  CHECK(f[37].file == "./csu/../sysdeps/nptl/libc_start_call_main.h");
  CHECK(f[37].origin == Origin::kUnknown);
  CHECK(f[40].index == 40);
  CHECK(f[40].function == "<unknown>");
  CHECK(f[40].origin == Origin::kUnknown);
}

TEST_CASE("rust: panic_thread_named.txt is two panics, one per thread") {
  auto events = RsFile("panic_thread_named.txt");
  REQUIRE(events.size() == 2);
  CHECK(events[0].thread == "db-writer");
  CHECK(events[0].message == "index out of bounds: the len is 0 but the index is 0");
  CHECK(events[0].location->line == 94);
  CHECK(events[0].location->column == 22);
  CHECK(events[0].first_line == 2);
  CHECK(events[0].last_line == 4);
  CHECK(events[1].thread == "main");
  CHECK(events[1].message == "called `Result::unwrap()` on an `Err` value: Any { .. }");
  CHECK(events[1].location->line == 97);
  CHECK(events[1].first_line == 6);
  CHECK(events[1].last_line == 7);
  CHECK_FALSE(events[0].partial);
  CHECK_FALSE(events[1].partial);  // the note is printed once per process
}

TEST_CASE("rust: panic_empty_message.txt is a panic with an empty message") {
  auto events = RsFile("panic_empty_message.txt");
  REQUIRE(events.size() == 1);
  CHECK(events[0].thread == "main");
  CHECK(events[0].message == "");
  REQUIRE(events[0].location);
  CHECK(events[0].location->file == "empty_panic.rs");
  CHECK(events[0].location->line == 1);
  CHECK(events[0].location->column == 13);
  CHECK(events[0].first_line == 2);
  CHECK(events[0].last_line == 4);
  CHECK_FALSE(events[0].partial);
}

TEST_CASE("rust: a timestamped log line after a backtrace ends the panic; it is no frame") {
  auto events = EventsOf(
      "thread 'main' panicked at src/main.rs:2:5:\nboom\nstack backtrace:\n   0: app::main\n"
      "             at ./src/main.rs:2:5\n12:00:01 INFO worker restarted\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].last_line == 5);
  REQUIRE(events[0].frames.size() == 1);
  CHECK(events[0].frames.frames()[0].function == "app::main");
}

TEST_CASE("rust: an old-style panic cut before its closing quote is partial") {
  auto events = EventsOf("thread 'main' panicked at 'assertion failed: `(left == right)`\n  left: `1`,\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].partial);
  CHECK(events[0].partial_reason == "the end of the panic message and its location are missing");
  CHECK_FALSE(events[0].location);
}

}  // namespace
}  // namespace tbx
