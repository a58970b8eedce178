// Rust panics and main errors on the real outputs in ../shared/formats/rust
// (rustc 1.95) and the real pastes in ../shared/corpus, plus the older
// layouts quoted in ../shared/FORMATS.md part B.
#include "parse/rust.h"

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>


#include "parse/rust_error.h"
#include "test_util.h"

namespace tbx {
namespace {

using testing::EventsOf;
using testing::IncidentsOf;

using testing::ReadShared;
std::vector<Event> RustFile(const std::string& name) { return EventsOf(ReadShared("formats/rust/" + name)); }
std::vector<Incident> RustIncidents(const std::string& name) {
  return IncidentsOf(ReadShared("formats/rust/" + name));
}
std::vector<std::vector<std::string>> Kinds(const std::vector<Incident>& incidents) {
  std::vector<std::vector<std::string>> out;
  for (const auto& inc : incidents) {
    out.emplace_back();
    for (const auto& e : inc.events) out.back().push_back(e.kind);
  }
  return out;
}
std::string FirstLine(std::string_view s) { return std::string(s.substr(0, s.find('\n'))); }

// ---------------------------------------------------------------------------
// Headers and messages, every era.

struct OnePanic {
  const char* file;
  const char* thread;
  const char* message;  // whole message
  const char* loc_file;
  int64_t line, column;
  uint64_t first, last;
};

TEST_CASE("rust_panic: every single-panic capture gives thread, whole message, location and lines") {
  const OnePanic cases[] = {
      {"panic_explicit.txt", "main", "boom", "src/main.rs", 23, 23, 2, 4},
      {"backtrace0_explicit.txt", "main", "boom", "src/main.rs", 23, 23, 2, 4},
      {"panic_fmt.txt", "main", "user 42 not found", "src/main.rs", 26, 13, 2, 4},
      {"panic_multiline.txt", "main", "first line\nsecond line\n    indented third", "src/main.rs", 28, 24, 2, 6},
      {"panic_empty_message.txt", "main", "", "empty_panic.rs", 1, 13, 2, 4},
      {"panic_unwrap_none.txt", "main", "called `Option::unwrap()` on a `None` value", "src/main.rs", 31, 15, 2, 4},
      {"panic_unwrap_err.txt", "main",
       "called `Result::unwrap()` on an `Err` value: ParseIntError { kind: InvalidDigit }", "src/main.rs", 34, 34, 2, 4},
      {"panic_expect_err.txt", "main", "failed to parse port: ParseIntError { kind: InvalidDigit }", "src/main.rs", 37,
       34, 2, 4},
      {"panic_expect_none.txt", "main", "config value missing", "src/main.rs", 41, 15, 2, 4},
      {"panic_index.txt", "main", "index out of bounds: the len is 3 but the index is 10", "src/main.rs", 46, 29, 2, 4},
      {"panic_slice.txt", "main", "end byte index 10 is out of bounds of `hello`", "src/main.rs", 51, 30, 2, 4},
      {"panic_divzero.txt", "main", "attempt to divide by zero", "src/main.rs", 55, 28, 2, 4},
      {"panic_overflow.txt", "main", "attempt to add with overflow", "src/main.rs", 59, 21, 2, 4},
      {"panic_assert.txt", "main", "assertion failed: x == 2", "src/main.rs", 64, 13, 2, 4},
      {"panic_assert_msg.txt", "main", "x should be 2 but was 1", "src/main.rs", 68, 13, 2, 4},
      {"panic_assert_eq.txt", "main", "assertion `left == right` failed\n  left: 2\n right: 3", "src/main.rs", 71, 13, 2, 6},
      {"panic_assert_eq_msg.txt", "main",
       "assertion `left == right` failed: values differ for key k\n  left: \"left\"\n right: \"right\"", "src/main.rs",
       74, 13, 2, 6},
      {"panic_assert_ne.txt", "main", "assertion `left != right` failed\n  left: 2\n right: 2", "src/main.rs", 77, 13, 2, 6},
      {"panic_unreachable.txt", "main", "internal error: entered unreachable code: state 3", "src/main.rs", 79, 26, 2, 4},
      {"panic_todo.txt", "main", "not yet implemented", "src/main.rs", 80, 19, 2, 4},
      {"panic_unimplemented.txt", "main", "not implemented: not yet", "src/main.rs", 81, 28, 2, 4},
      {"panic_thread_unnamed.txt", "<unnamed>", "worker failed", "src/main.rs", 84, 17, 2, 4},
      {"panic_panic_any.txt", "main", "Box<dyn Any>", "src/main.rs", 100, 13, 2, 4},
      {"panic_drop_panic_only.txt", "main", "panic in drop", "src/main.rs", 6, 9, 2, 4},
      {"panic2_resume_unwind.txt", "main", "caught once", "src/main.rs", 24, 49, 2, 4},
      {"panic_abort_profile.txt", "main", "caught once", "src/main.rs", 24, 49, 2, 4},
      {"panic2_hook_panics.txt", "", "the hook itself panicked", "src/main.rs", 10, 17, 1, 3},
  };
  for (const auto& c : cases) {
    CAPTURE(c.file);
    auto events = RustFile(c.file);
    REQUIRE(events.size() == 1);
    const Event& e = events[0];
    CHECK(e.kind == kRustPanic);
    CHECK(e.thread == c.thread);
    CHECK(e.message == c.message);
    REQUIRE(e.location);
    CHECK(e.location->file == c.loc_file);
    CHECK(e.location->line == c.line);
    CHECK(e.location->column == c.column);
    CHECK(e.first_line == c.first);
    CHECK(e.last_line == c.last);
    CHECK_FALSE(e.partial);
    CHECK(e.frames.empty());
    CHECK(e.test.empty());
  }
}

TEST_CASE("rust_panic: captures that print no panic give no event") {
  // std::process::abort() and exit() print nothing; a custom hook prints its
  // own line; dbg! is not an error; Backtrace's Display has no header.
  for (const char* f : {"panic_abort.txt", "panic_exit.txt", "panic2_custom_hook.txt", "panic2_dbg.txt",
                        "std_backtrace_display.txt"}) {
    CAPTURE(f);
    CHECK(RustFile(f).empty());
  }
}

TEST_CASE("rust_panic: pre-1.73 headers: one line, several lines, old assert_eq, 2015's <main> without column") {
  auto one = EventsOf(
      "thread 'main' panicked at 'called `Option::unwrap()` on a `None` value', src/tun2proxy.rs:442:72\n"
      "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\nnext\n");
  REQUIRE(one.size() == 1);
  CHECK(one[0].message == "called `Option::unwrap()` on a `None` value");
  CHECK(one[0].location->column == 72);
  CHECK(one[0].last_line == 2);

  auto multi = EventsOf("thread 'main' panicked at 'first\n  second\nthird', src/main.rs:9:5\n");
  REQUIRE(multi.size() == 1);
  CHECK(multi[0].message == "first\n  second\nthird");
  CHECK(multi[0].location->line == 9);
  CHECK_FALSE(multi[0].partial);

  // The location comes after the closing quote on the last message line.
  auto eq = EventsOf(
      "thread 'main' panicked at 'assertion failed: `(left == right)`\n  left: `1`,\n right: `2`: values differ', "
      "src/main.rs:2:5\nnote: Run with `RUST_BACKTRACE=1` for a backtrace.\n");
  REQUIRE(eq.size() == 1);
  CHECK(eq[0].message == "assertion failed: `(left == right)`\n  left: `1`,\n right: `2`: values differ");
  CHECK(eq[0].location->file == "src/main.rs");
  CHECK(eq[0].location->line == 2);
  CHECK(eq[0].location->column == 5);
  CHECK(eq[0].last_line == 4);

  auto ancient = EventsOf(
      "thread '<main>' panicked at 'called `Result::unwrap()` on an `Err` value: Error { repr: Os(2) }', "
      "/home/rustbuild/src/rust-buildbot/slave/stable-dist-rustc-linux/build/src/libcore/result.rs:729\n"
      "An unknown error occurred\n");
  REQUIRE(ancient.size() == 1);
  CHECK(ancient[0].thread == "<main>");
  CHECK(ancient[0].location->line == 729);
  CHECK(ancient[0].location->column == 0);
  CHECK(ancient[0].last_line == 1);
}

TEST_CASE("rust_panic: an old-style message cut before its quote closes is partial, and ends at the next report") {
  auto events = EventsOf("thread 'a' panicked at 'first\nsecond\nthread 'b' panicked at src/b.rs:1:1:\nboom\n");
  REQUIRE(events.size() == 2);
  CHECK(events[0].partial);
  CHECK(events[0].message == "first\nsecond");
  CHECK_FALSE(events[0].location);
  CHECK(events[1].thread == "b");
  // Closed quote, no location: the paste was cut there.
  auto cut = EventsOf("thread '<unnamed>' panicked at 'there is no reactor running'\n");
  REQUIRE(cut.size() == 1);
  CHECK(cut[0].partial);
  CHECK(cut[0].partial_reason == "the panic location is missing");
  CHECK(cut[0].message == "there is no reactor running");
}

TEST_CASE("rust_panic: 1.73 (no blank, no tid), 1.85 (blank before) and 1.91 (tid) headers") {
  for (const char* text : {"thread 'w' panicked at src/a.rs:3:7:\nboom\n", "\nthread 'w' panicked at src/a.rs:3:7:\nboom\n",
                           "\nthread 'w' (4242) panicked at src/a.rs:3:7:\nboom\n"}) {
    CAPTURE(text);
    auto events = EventsOf(text);
    REQUIRE(events.size() == 1);
    CHECK(events[0].thread == "w");
    CHECK(events[0].message == "boom");
    CHECK(events[0].location->column == 7);
  }
  auto win = EventsOf("thread 'main' panicked at src\\explorer_modinfo.rs:45:14:\ncalled `Option::unwrap()` on a `None` value\n");
  REQUIRE(win.size() == 1);
  CHECK(win[0].location->file == "src\\explorer_modinfo.rs");
}

TEST_CASE("rust_panic: a 1.73+ message ends at a blank line, the harness's next section, or another report") {
  auto blank = EventsOf("thread 'main' panicked at src/a.rs:1:1:\nboom\n\nprogram output\n");
  REQUIRE(blank.size() == 1);
  CHECK(blank[0].message == "boom");
  CHECK(blank[0].last_line == 2);
  auto harness = EventsOf("thread 'a::c' panicked at src/lib.rs:1:1:\nboom\ntest a::c ... FAILED\n");
  REQUIRE(harness.size() == 1);
  CHECK(harness[0].message == "boom");
  auto section = EventsOf("thread 'a::c' panicked at src/lib.rs:1:1:\nboom\n---- a::d stdout ----\n");
  REQUIRE(section.size() == 1);
  CHECK(section[0].message == "boom");
  // A header with the note right under it: the message is missing, not the note.
  auto missing = EventsOf(
      "thread 'x' panicked at src/lib.rs:1:1:\nnote: run with `RUST_BACKTRACE=1` environment variable to display a "
      "backtrace\n");
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].message.empty());
  CHECK(missing[0].last_line == 2);
}

TEST_CASE("rust_panic: a message longer than the limits is cut and marked") {
  std::string text = "thread 'main' panicked at 'start\n";
  for (int i = 0; i < 200; ++i) text += "line " + std::to_string(i) + "\n";
  text += "', src/main.rs:1:1\n";
  auto events = EventsOf(text);
  REQUIRE_FALSE(events.empty());
  CHECK(events[0].message_truncated);
  CHECK(events[0].partial);
  CHECK(events[0].message.size() <= kMaxMessageBytes);
}

// ---------------------------------------------------------------------------
// Build scripts: cargo indents the panic by two.

TEST_CASE("rust_panic: a build script's panic loses cargo's two-space indent on every message line") {
  auto events = RustFile("cargo_build_script_panic.txt");
  REQUIRE(events.size() == 2);
  const Event& p = events[1];
  CHECK(p.kind == kRustPanic);
  CHECK(p.message == "Could not find system library `libfoo`. Install libfoo-dev or set LIBFOO_DIR.");
  CHECK(p.location->file == "build.rs");
  CHECK(p.first_line == 14);
  CHECK(p.last_line == 16);
  auto multi = EventsOf("  thread 'main' panicked at build.rs:1:1:\n  first\n    indented\n  note: run with `RUST_BACKTRACE=1` x\n");
  REQUIRE(multi.size() == 1);
  CHECK(multi[0].message == "first\n  indented");
  CHECK(multi[0].last_line == 4);
}

TEST_CASE("rust_panic: a build script's 1.73+ message that starts with a blank line keeps its paragraphs") {
  auto events = EventsOf(
      "  --- stderr\n"
      "  thread 'main' panicked at /home/u/.cargo/registry/src/i/openssl-sys-0.9.102/build/find_normal.rs:190:5:\n"
      "\n"
      "  Could not find directory of OpenSSL installation, and this `-sys` crate cannot\n"
      "  proceed without this knowledge.\n"
      "\n"
      "  Make sure you also have the development packages of openssl installed.\n"
      "  For example, `libssl-dev` on Ubuntu or `openssl-devel` on Fedora.\n"
      "\n"
      "  note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n"
      "warning: build failed, waiting for other jobs to finish...\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].message ==
        "Could not find directory of OpenSSL installation, and this `-sys` crate cannot\n"
        "proceed without this knowledge.\n\n"
        "Make sure you also have the development packages of openssl installed.\n"
        "For example, `libssl-dev` on Ubuntu or `openssl-devel` on Fedora.");
  CHECK(events[0].first_line == 2);
  CHECK(events[0].last_line == 10);
  // Outside a build script a blank line ends the message: what follows is
  // the program's own output.
  auto plain = EventsOf("thread 'main' panicked at src/main.rs:1:1:\n\nfirst\n\nprogram output\n");
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].message == "first");
}

TEST_CASE("rust_panic: corpus 016: an unterminated old-style openssl-sys panic, indented, starting with blank lines") {
  auto events = EventsOf(ReadShared("corpus/016-openssl-sys-panic-unterminated/input.txt"));
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.thread == "main");
  CHECK(FirstLine(e.message) == "Could not find directory of OpenSSL installation, and this `-sys` crate cannot");
  CHECK(e.message.find("\nproceed without this knowledge.") != std::string::npos);  // unindented too
  CHECK(e.message.ends_with("openssl-sys = 0.9.65"));
  CHECK(e.partial);
  CHECK_FALSE(e.location);
}

// ---------------------------------------------------------------------------
// Backtraces.

TEST_CASE("rust_panic: a short backtrace: numbered frames, their at lines, the closing note") {
  auto events = RustFile("backtrace1_nested_fn.txt");
  REQUIRE(events.size() == 1);
  const auto& f = events[0].frames.frames();
  REQUIRE(f.size() == 10);
  CHECK(f[5].index == 5);
  CHECK(f[5].function == "panics::main::level3");
  CHECK(f[5].file == "./src/main.rs");
  CHECK(f[5].line == 119);
  CHECK(f[5].column == 55);
  CHECK(f[5].origin == Origin::kUser);
  CHECK(f[0].origin == Origin::kStdlib);
  CHECK(events[0].last_line == 25);  // the "Some details are omitted" note
}

TEST_CASE("rust_panic: release and full backtraces") {
  auto release = RustFile("backtrace1_release_nested_fn.txt");
  REQUIRE(release.size() == 1);
  REQUIRE(release[0].frames.size() == 5);
  CHECK(release[0].frames.frames()[4].function == "panics::main");
  CHECK(release[0].frames.frames()[4].file.empty());
  auto full = RustFile("backtrace_full_nested_fn.txt");
  REQUIRE(full.size() == 1);
  const auto& f = full[0].frames.frames();
  REQUIRE(f.size() == 41);
  CHECK(f[19].function == "panics::main::level3::h6ed2b7473775a323");
  CHECK(f[19].file == "/home/dev/formats/src/rs/panics/src/main.rs");
  CHECK(f[40].function == "<unknown>");
  CHECK(full[0].last_line == 82);
}

TEST_CASE("rust_panic: old std layout: several at lines under one number are inlined frames with that index") {
  auto events = EventsOf(
      "thread 'main' panicked at 'boom', src/main.rs:2:5\nstack backtrace:\n"
      "   2: std::panicking::default_hook::{{closure}}\n"
      "             at src/libstd/sys_common/backtrace.rs:58\n"
      "             at src/libstd/panicking.rs:200\n"
      "   3: std::panicking::default_hook\n"
      "             at src/libstd/panicking.rs:215\n");
  REQUIRE(events.size() == 1);
  const auto& f = events[0].frames.frames();
  REQUIRE(f.size() == 3);
  CHECK(f[0].index == 2);
  CHECK(f[0].file == "src/libstd/sys_common/backtrace.rs");
  CHECK(f[0].line == 58);
  CHECK(f[0].function.empty());  // an inlined callee: its name is not printed
  CHECK(f[1].index == 2);
  CHECK(f[1].file == "src/libstd/panicking.rs");
  CHECK(f[1].line == 200);
  CHECK(f[1].function == "std::panicking::default_hook::{{closure}}");
  CHECK(f[2].index == 3);
  CHECK(events[0].last_line == 7);
}

TEST_CASE("rust_panic: old full format: unnumbered symbols at column 27 are frames with the index above") {
  auto events = EventsOf(
      "thread 'tokio-runtime-worker' panicked at 'boom', src/main.rs:2:5\nstack backtrace:\n"
      "  19:     0x56102b9af000 - std::panicking::try::do_call::h1\n"
      "                               at /rustc/b8cedc00407a4c56a3bda1ed605c6fc166655447/src/libstd/panicking.rs:281\n"
      "                           std::panic::catch_unwind::hd7abae9ff5d6f606\n"
      "                               at /rustc/b8cedc00407a4c56a3bda1ed605c6fc166655447/src/libstd/panic.rs:394\n"
      "                           tokio::task::harness::Harness<T,S>::poll::{{closure}}::h75d9e5ed16e8a542\n"
      "                               at /home/dev/.cargo/registry/src/github.com-1ecc6299db9ec823/tokio-0.2.13/src/task/harness.rs:100\n"
      "      [... omitted 2 frames ...]\n"
      "  20:     0x56102b9af43f - tokio::task::raw::RawTask::poll::h7fc9a1c0189d9edd\n"
      "                               at /home/dev/.cargo/registry/src/github.com-1ecc6299db9ec823/tokio-0.2.13/src/task/raw.rs:113\n"
      "done\n");
  REQUIRE(events.size() == 1);
  const auto& f = events[0].frames.frames();
  REQUIRE(f.size() == 4);
  CHECK(f[0].index == 19);
  CHECK(f[1].index == 19);
  CHECK(f[1].function == "std::panic::catch_unwind::hd7abae9ff5d6f606");
  CHECK(f[1].line == 394);
  CHECK(f[1].origin == Origin::kStdlib);
  CHECK(f[2].index == 19);
  CHECK(f[2].function == "tokio::task::harness::Harness<T,S>::poll::{{closure}}::h75d9e5ed16e8a542");
  CHECK(f[2].origin == Origin::kLibrary);
  CHECK(f[3].index == 20);
  CHECK(f[3].line == 113);
  CHECK(events[0].last_line == 11);
}

TEST_CASE("rust_panic: backtrace line readers") {
  CHECK(rust::ParseBacktraceContinuation("                           std::panic::catch_unwind::hd7abae9ff5d6f606") ==
        std::optional<std::string_view>("std::panic::catch_unwind::hd7abae9ff5d6f606"));
  CHECK(rust::ParseBacktraceContinuation("      <&dyn Fn<()> as FnOnce<()>>::call_once"));
  CHECK_FALSE(rust::ParseBacktraceContinuation("    std::x"));  // too shallow
  CHECK_FALSE(rust::ParseBacktraceContinuation("             at ./src/main.rs:1:1"));
  CHECK_FALSE(rust::ParseBacktraceContinuation("      [... omitted 2 frames ...]"));
  CHECK(rust::IsOmittedFramesLine("      [... omitted 2 frames ...]"));
  CHECK(rust::IsOmittedFramesLine("[... omitted 1 frame ...]"));
  CHECK_FALSE(rust::ParseBacktraceFrame("12:00:00 worker started"));
  CHECK(rust::IsAbortTrailer("thread caused non-unwinding panic. aborting."));
  CHECK(rust::IsAbortTrailer("fatal runtime error: stack overflow, aborting"));
  CHECK(rust::IsAbortTrailer("Aborted (core dumped)"));
  CHECK_FALSE(rust::IsAbortTrailer("aborting the upload"));
  CHECK(rust::IsTestHarnessLine("---- tests::x stdout ----"));
  CHECK(rust::IsTestHarnessLine("test tests::x - should panic ... ok"));
  CHECK(rust::IsTestHarnessLine("test result: FAILED. 1 passed; 5 failed; 1 ignored; 0 measured; 0 filtered out"));
  CHECK_FALSE(rust::IsTestHarnessLine("test the connection ... later"));
}

TEST_CASE("rust_panic: a long backtrace is bounded: first and last frames kept, the middle counted") {
  std::string text = "thread 'main' panicked at src/main.rs:1:1:\nboom\nstack backtrace:\n";
  for (int i = 0; i < 1000; ++i) text += "  " + std::to_string(i) + ": f" + std::to_string(i) + "\n             at ./src/main.rs:1:1\n";
  auto events = EventsOf(text);
  REQUIRE(events.size() == 1);
  CHECK(events[0].frames.size() == 2 * FrameList::kHead);
  CHECK(events[0].frames.elided() == 1000 - 2 * FrameList::kHead);
  CHECK(events[0].frames.frames().back().function == "f999");
}

// ---------------------------------------------------------------------------
// Threads and aborts.

TEST_CASE("rust_panic: a named thread's panic and main's unwrap of its join are two incidents") {
  auto incidents = RustIncidents("panic_thread_named.txt");
  REQUIRE(incidents.size() == 2);
  CHECK(incidents[0].events[0].thread == "db-writer");
  CHECK(incidents[1].events[0].thread == "main");
  auto bt = RustFile("backtrace1_thread_named.txt");
  REQUIRE(bt.size() == 2);
  CHECK(bt[0].frames.size() == 7);
  CHECK(bt[1].frames.size() == 6);
}

TEST_CASE("rust_panic: panic while panicking: three panics of one thread, one incident, the trailer in the last") {
  auto incidents = RustIncidents("panic_double_panic.txt");
  REQUIRE(incidents.size() == 1);
  const auto& ev = incidents[0].events;
  REQUIRE(ev.size() == 3);
  CHECK(ev[0].message == "first panic");
  CHECK(ev[1].message == "panic in drop");
  CHECK(ev[1].frames.size() == 37);  // the second panic prints a full backtrace
  CHECK(ev[2].message == "panic in a destructor during cleanup");
  CHECK(ev[2].location->file == "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/panicking.rs");
  CHECK(ev[2].last_line == 82);
  CHECK(ev[2].lines.back() == "thread caused non-unwinding panic. aborting.");
}

TEST_CASE("rust_panic: a panic in extern \"C\" and the abort after it") {
  auto incidents = RustIncidents("panic2_extern_c.txt");
  REQUIRE(incidents.size() == 1);
  REQUIRE(incidents[0].events.size() == 2);
  const Event& abort = incidents[0].events[1];
  CHECK(abort.message == "panic in a function that cannot unwind");
  CHECK(abort.frames.size() == 39);
  CHECK(abort.last_line == 83);
  CHECK(abort.lines.back() == "thread caused non-unwinding panic. aborting.");
}

TEST_CASE("rust_panic: stack overflow is a panic with message \"stack overflow\", no location, and its trailer") {
  for (const char* f : {"panic_stack_overflow.txt", "panic_stack_overflow_thread.txt"}) {
    CAPTURE(f);
    auto events = RustFile(f);
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == kRustPanic);
    CHECK(events[0].message == "stack overflow");
    CHECK_FALSE(events[0].location);
    CHECK_FALSE(events[0].partial);
    CHECK(events[0].first_line == 2);
    CHECK(events[0].last_line == 3);  // fatal runtime error: stack overflow, aborting
  }
  CHECK(RustFile("panic_stack_overflow_thread.txt")[0].thread == "deep");
  auto old = EventsOf("thread '<main>' has overflowed its stack\nIllegal instruction (core dumped)\n");
  REQUIRE(old.size() == 1);
  CHECK(old[0].thread == "<main>");
  CHECK(old[0].last_line == 2);
}

TEST_CASE("rust_panic: the panic hook's own panic and always_abort's report") {
  auto hook = RustFile("panic2_hook_panics.txt");
  REQUIRE(hook.size() == 1);
  CHECK(hook[0].lines.back() == "thread panicked while processing panic. aborting.");
  auto always = EventsOf("aborting due to panic at src/main.rs:4:5:\nboom\nAborted (core dumped)\n");
  REQUIRE(always.size() == 1);
  CHECK(always[0].message == "boom");
  CHECK(always[0].location->line == 4);
  CHECK(always[0].last_line == 3);
}

// ---------------------------------------------------------------------------
// pyo3.

TEST_CASE("rust_panic: pyo3 captures give the incidents they should") {
  CHECK(Kinds(RustIncidents("pyo3_panic_unwrap.txt")) ==
        std::vector<std::vector<std::string>>{{"rust.panic", "python.traceback"}});
  CHECK(Kinds(RustIncidents("pyo3_panic_explode.txt")) ==
        std::vector<std::vector<std::string>>{{"rust.panic", "python.traceback"}});
  // The first panic was caught by `except BaseException`; the second was not.
  CHECK(Kinds(RustIncidents("pyo3_panic_caught.txt")) ==
        std::vector<std::vector<std::string>>{{"rust.panic"}, {"rust.panic", "python.traceback"}});
  auto bt = RustIncidents("pyo3_panic_unwrap_backtrace1.txt");
  REQUIRE(Kinds(bt) == std::vector<std::vector<std::string>>{{"rust.panic", "python.traceback"}});
  CHECK(bt[0].events[0].frames.size() == 25);
  CHECK(bt[0].events[0].last_line == 42);
}

TEST_CASE("rust_panic: pyo3's round trip: the resuming lines sit between the panic and the tracebacks, one incident") {
  auto incidents = RustIncidents("pyo3_panic_roundtrip.txt");
  REQUIRE(Kinds(incidents) ==
          std::vector<std::vector<std::string>>{{"rust.panic", "python.traceback", "python.traceback"}});
  const auto& ev = incidents[0].events;
  CHECK(ev[0].last_line == 4);   // the panic ends at its note
  CHECK(ev[1].first_line == 7);  // lines 5-6: "--- PyO3 is resuming ..." and "Python stack trace below:"
  CHECK(ev[2].exceptions.back().message == "Unwrapped panic from Python code");
  // Without the note, the resuming line still ends the message.
  auto bare = EventsOf(
      "thread '<unnamed>' panicked at src/lib.rs:11:5:\ninvariant violated: 42\n"
      "--- PyO3 is resuming a panic after fetching a PanicException from Python. ---\nPython stack trace below:\n");
  REQUIRE(bare.size() == 1);
  CHECK(bare[0].message == "invariant violated: 42");
}

// ---------------------------------------------------------------------------
// main returning Err: std, anyhow, eyre.

TEST_CASE("rust_panic: main returning Err: std's Debug output") {
  auto io = RustFile("main_err_io.txt");
  REQUIRE(io.size() == 1);
  CHECK(io[0].kind == kRustError);
  CHECK(io[0].message == "Os { code: 2, kind: NotFound, message: \"No such file or directory\" }");
  CHECK(io[0].causes.empty());
  auto std_err = RustFile("main_err_std.txt");
  REQUIRE(std_err.size() == 1);
  CHECK(std_err[0].message == "ParseIntError { kind: InvalidDigit }");
  auto alt = RustFile("main_err_anyhow_alt.txt");
  REQUIRE(alt.size() == 1);
  CHECK(alt[0].message ==
        "could not start server: failed to read config from /nonexistent/app.toml: No such file or directory (os error 2)");
}

TEST_CASE("rust_panic: anyhow: causes, then a backtrace whose 6-space lines are inlined frames") {
  auto plain = RustFile("anyhow_main.txt");
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].message == "update failed");
  CHECK(plain[0].causes == std::vector<std::string>{"failed to fetch manifest", "connection reset by peer"});
  CHECK(plain[0].last_line == 5);
  auto bt = RustFile("anyhow_main_backtrace1.txt");
  REQUIRE(bt.size() == 1);
  const Event& e = bt[0];
  CHECK(e.causes.size() == 2);
  CHECK(e.first_line == 1);
  CHECK(e.last_line == 47);
  const auto& f = e.frames.frames();
  REQUIRE(f.size() == 21);  // 13 numbered frames and 8 inlined ones under frame 7
  CHECK(f[1].function == "anyhow_main::inner");
  CHECK(f[1].origin == Origin::kUser);
  int sevens = 0;
  for (const Frame& fr : f) sevens += fr.index == 7;
  CHECK(sevens == 9);
  CHECK(f[8].index == 7);
  CHECK(f[8].function.starts_with("std::panicking::catch_unwind::do_call::<"));
  CHECK(f[8].file == "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/panicking.rs");
  CHECK(f[8].line == 581);
  CHECK(f.back().index == 12);
  CHECK(f.back().function == "_start");
}

TEST_CASE("rust_panic: a single unnumbered cause, and a cause over several lines") {
  auto events = EventsOf("Error: could not connect\n\nCaused by:\n    connection refused\n      (retry later)\nnext\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].causes == std::vector<std::string>{"connection refused\n(retry later)"});
  CHECK(events[0].last_line == 5);
}

TEST_CASE("rust_panic: eyre's Location: and color-eyre's numbered report") {
  auto eyre = EventsOf("Error: Whoops\n\nLocation:\n    src/main.rs:4:5\nafter\n");
  REQUIRE(eyre.size() == 1);
  CHECK(eyre[0].message == "Whoops");
  REQUIRE(eyre[0].location);
  CHECK(eyre[0].location->file == "src/main.rs");
  CHECK(eyre[0].location->column == 5);
  CHECK(eyre[0].last_line == 4);
  auto color = EventsOf(
      "Error: \n   0: Unable to read config\n   1: No such file or directory (os error 2)\n\nLocation:\n   src/main.rs:14\n\n"
      "Backtrace omitted. Run with RUST_BACKTRACE=1 environment variable to display it.\n"
      "Run with RUST_BACKTRACE=full to include source snippets.\n");
  REQUIRE(color.size() == 1);
  CHECK(color[0].message == "Unable to read config");
  CHECK(color[0].causes == std::vector<std::string>{"No such file or directory (os error 2)"});
  CHECK(color[0].location->line == 14);
  CHECK(color[0].last_line == 9);
  auto colorbt = EventsOf(
      "Error: \n   0: Panicy panic\n\n"
      "  \xE2\x94\x81\xE2\x94\x81\xE2\x94\x81 BACKTRACE \xE2\x94\x81\xE2\x94\x81\xE2\x94\x81\n"
      "                                \xE2\x8B\xAE 3 frames hidden \xE2\x8B\xAE\n"
      "   4: panic_test::main::h5b6f76bd4e619253\n      at /home/u/panic_test/src/main.rs:5\n"
      "                                \xE2\x8B\xAE 11 frames hidden \xE2\x8B\xAE\n");
  REQUIRE(colorbt.size() == 1);
  REQUIRE(colorbt[0].frames.size() == 1);
  CHECK(colorbt[0].frames.frames()[0].index == 4);
  CHECK(colorbt[0].frames.frames()[0].line == 5);
  CHECK(colorbt[0].last_line == 8);
}

TEST_CASE("rust_panic: Error: lines in CI logs are not events unless Rust-shaped or followed by anyhow's sections") {
  for (const char* text : {"Error: Process completed with exit code 1.\n", "Error: connection refused\nretrying\n",
                           "Error: \nnothing numbered here\n", "Error: NotFound\n", "Error: HTTP 500 (Internal)\n",
                           "Error: {\"code\": 1}\n", "Error:\n", "Error: x\n\nLocation:\n  not a location\n",
                           "  Error: Os { code: 2 }\n"}) {
    CAPTURE(text);
    CHECK(EventsOf(text).empty());
  }
  CHECK(rusterror::LooksLikeDebug("Custom { kind: Other, error: \"boom\" }"));
  CHECK(rusterror::LooksLikeDebug("reqwest::Error { kind: Request, url: \"http://x\" }"));
  CHECK(rusterror::LooksLikeDebug("Io(Os { code: 13, kind: PermissionDenied, message: \"Permission denied\" })"));
  CHECK(rusterror::LooksLikeDebug("\"database not reachable\""));
  CHECK_FALSE(rusterror::LooksLikeDebug("something { weird }x"));
  CHECK_FALSE(rusterror::LooksLikeDebug("lowercase { a: 1 }"));
  CHECK_FALSE(rusterror::LooksLikeDebug(""));
}

// ---------------------------------------------------------------------------
// Garbage never crashes and never makes a panic.

TEST_CASE("rust_panic: broken headers and stray backtrace lines") {
  for (const char* text : {"thread '\n", "thread 'x' panicked at\n", "panicked at :1:\n", "   0:\n", "             at \n",
                           "thread 'x' (abc) panicked at a.rs:1:1:\n", "thread 'x' has overflowed its stack now\n",
                           "aborting due to panic at\n", "stack backtrace:\n   0: f\n"}) {
    CAPTURE(text);
    CHECK(EventsOf(text).empty());
  }
  std::string junk;
  for (int i = 0; i < 4000; ++i) junk += static_cast<char>((i * 7919) % 256);
  CHECK_NOTHROW(EventsOf("thread 'main' panicked at 'x\n" + junk + "\nstack backtrace:\n" + junk));
}

// ---------------------------------------------------------------------------
// The real pastes.

TEST_CASE("rust_panic: the corpus's Rust panics match their expect.yaml") {
  for (const char* dir : {"016-openssl-sys-panic-unterminated", "017-rust-panic-old-unwrap-none-log-prefix",
                          "018-tokio-runtime-in-runtime-new-format", "044-rust-panic-index-oob-shell",
                          "047-rust-panic-ancient-main-os-error", "053-cargo-test-makepkg-cwd-race",
                          "073-tokio-no-reactor-serial-open", "075-rust-refcell-already-borrowed-truncated-note"}) {
    CAPTURE(dir);
    std::string base = std::string("corpus/") + dir;
    YAML::Node expect = YAML::Load(ReadShared(base + "/expect.yaml"));
    std::vector<const Event*> panics;
    auto events = EventsOf(ReadShared(base + "/input.txt"));
    for (const auto& e : events) {
      if (e.kind == kRustPanic) panics.push_back(&e);
    }
    const YAML::Node pa = expect["panics"];
    REQUIRE(panics.size() == pa.size());
    for (size_t i = 0; i < panics.size(); ++i) {
      const Event& p = *panics[i];
      auto str = [](const YAML::Node& n) { return n && !n.IsNull() ? n.as<std::string>() : std::string(); };
      auto num = [](const YAML::Node& n) { return n && !n.IsNull() ? n.as<int64_t>() : int64_t{0}; };
      CHECK(p.thread == str(pa[i]["thread"]));
      CHECK(FirstLine(p.message) == FirstLine(str(pa[i]["message"])));
      CHECK((p.location ? p.location->file : "") == str(pa[i]["file"]));
      CHECK((p.location ? p.location->line : 0) == num(pa[i]["line"]));
      CHECK((p.location ? p.location->column : 0) == num(pa[i]["column"]));
      CHECK(static_cast<int64_t>(p.frames.size()) == num(pa[i]["backtrace_frames"]));
    }
  }
}

TEST_CASE("rust_panic: corpus 053: the cargo test panic is named after its test, thread id and all") {
  auto events = EventsOf(ReadShared("corpus/053-cargo-test-makepkg-cwd-race/input.txt"));
  REQUIRE(events.size() == 2);
  CHECK(events[0].test == "user_parsed_input::tests::git_flag_local_path_takes_precedence_over_org_repo");
  CHECK(events[0].message ==
        "assertion `left == right` failed\n  left: \"https://github.com/myorg/myrepo.git\"\n right: \"myorg/myrepo\"");
  CHECK(events[0].last_line == 8);
}

}  // namespace
}  // namespace tbx
