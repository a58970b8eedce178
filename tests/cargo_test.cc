// cargo and rustc on the real outputs in ../shared/formats/rust (cargo and
// rustc 1.95) and the real pastes in ../shared/corpus: `cargo test` failure
// sections, compiler diagnostics, build scripts, linker and install errors.
#include "parse/diagnostic.h"

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>


#include "test_util.h"

namespace tbx {
namespace {

using testing::EventsOf;
using testing::IncidentsOf;

using testing::ReadShared;
std::vector<Event> RustFile(const std::string& name) { return EventsOf(ReadShared("formats/rust/" + name)); }
std::vector<std::vector<size_t>> Grouping(const std::vector<Incident>& incidents) {
  std::vector<std::vector<size_t>> out;
  size_t n = 0;
  for (const auto& inc : incidents) {
    out.emplace_back();
    for (size_t i = 0; i < inc.events.size(); ++i) out.back().push_back(n++);
  }
  return out;
}
// True if some event covers input line `n`.
bool Covered(const std::vector<Event>& events, uint64_t n) {
  for (const auto& e : events) {
    if (e.first_line <= n && n <= e.last_line) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// cargo test.

struct Expected {
  std::string_view kind;
  std::string_view test;
  uint64_t first, last;
};

void CheckEvents(const std::vector<Event>& events, const std::vector<Expected>& want) {
  REQUIRE(events.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    CAPTURE(i);
    CHECK(events[i].kind == want[i].kind);
    CHECK(events[i].test == want[i].test);
    CHECK(events[i].first_line == want[i].first);
    CHECK(events[i].last_line == want[i].last);
  }
}

TEST_CASE("cargo: cargo test: each failure's event is named after its test; harness lines are no events") {
  auto events = RustFile("cargo_test_failures.txt");
  CheckEvents(events, {{kRustPanic, "tests::assert_eq_fails", 18, 22},
                       {kRustPanic, "tests::explicit_panic", 26, 27},
                       {kDiagnostic, "tests::should_panic_but_did_not", 30, 30},
                       {kRustError, "tests::returns_err", 32, 32},
                       {kRustPanic, "tests::should_panic_wrong_message", 36, 40},
                       {kDiagnostic, "", 51, 51}});
  CHECK(events[0].message == "assertion `left == right` failed\n  left: 4\n right: 5");
  CHECK(events[2].message == "test did not panic as expected");
  CHECK(events[2].location->line == 33);
  CHECK(events[3].message == "\"database not reachable\"");
  CHECK(events[4].message == "something else");  // the harness's note is not part of it
  CHECK(events[5].tool == "cargo");
  CHECK(events[5].message == "test failed, to rerun pass `--lib`");
  // `running 7 tests`, the `test ... FAILED` lines, both `failures:` lists
  // and `test result:` belong to no event.
  for (uint64_t n : {4, 5, 11, 13, 15, 42, 43, 47, 49}) {
    CAPTURE(n);
    CHECK_FALSE(Covered(events, n));
  }
}

TEST_CASE("cargo: cargo test with RUST_BACKTRACE=1: backtraces stay with their test's panic") {
  auto events = RustFile("cargo_test_failures_backtrace1.txt");
  CheckEvents(events, {{kRustPanic, "tests::assert_eq_fails", 18, 39},
                       {kRustPanic, "tests::explicit_panic", 43, 64},
                       {kDiagnostic, "tests::should_panic_but_did_not", 67, 67},
                       {kRustError, "tests::returns_err", 69, 69},
                       {kRustPanic, "tests::should_panic_wrong_message", 73, 88},
                       {kDiagnostic, "", 102, 102}});
  CHECK(events[0].frames.size() == 8);
  CHECK(events[0].frames.frames()[4].function == "mylib::tests::assert_eq_fails");
  CHECK(events[1].frames.size() == 9);
  CHECK(events[4].frames.size() == 6);
}

TEST_CASE("cargo: cargo test --no-fail-fast: unit, integration and doc tests; a doctest's thread 'main' is named too") {
  auto events = RustFile("cargo_test_no_fail_fast.txt");
  CheckEvents(events, {{kRustPanic, "tests::assert_eq_fails", 18, 22},
                       {kRustPanic, "tests::explicit_panic", 26, 27},
                       {kRustError, "tests::returns_err", 30, 30},
                       {kDiagnostic, "tests::should_panic_but_did_not", 33, 33},
                       {kRustPanic, "tests::should_panic_wrong_message", 36, 40},
                       {kDiagnostic, "", 51, 51},
                       {kRustPanic, "integration_fails", 61, 63},
                       {kDiagnostic, "", 71, 71},
                       {kRustPanic, "src/lib.rs - add (line 3)", 84, 88},
                       {kDiagnostic, "", 98, 98},
                       {kDiagnostic, "", 99, 102}});
  CHECK(events[8].thread == "main");
  CHECK(events[8].location->file == "/tmp/rustdoctestRyDxNa/doctest_bundle_2024.rs");
  CHECK(events[9].message == "doctest failed, to rerun pass `--doc`");
  CHECK(events[10].message == "3 targets failed:");
  CHECK(events[10].lines.back() == "    `--doc`");
}

TEST_CASE("cargo: cargo test -q") {
  CheckEvents(RustFile("cargo_test_quiet.txt"), {{kRustPanic, "tests::explicit_panic", 14, 16},
                                                 {kRustPanic, "tests::assert_eq_fails", 21, 24},
                                                 {kRustError, "tests::returns_err", 27, 27},
                                                 {kDiagnostic, "tests::should_panic_but_did_not", 30, 30},
                                                 {kRustPanic, "tests::should_panic_wrong_message", 33, 37},
                                                 {kDiagnostic, "", 48, 48}});
}

TEST_CASE("cargo: a panic in a test whose output runs into the next section or a result line ends there") {
  auto events = EventsOf(
      "---- a::b stdout ----\nthread 'a::b' panicked at src/lib.rs:1:1:\nboom\n---- a::c stdout ----\n"
      "thread '<unnamed>' panicked at src/lib.rs:2:2:\nworker\ntest result: FAILED. 0 passed; 2 failed\n");
  REQUIRE(events.size() == 2);
  CHECK(events[0].test == "a::b");
  CHECK(events[0].message == "boom");
  CHECK(events[1].test == "a::c");  // a spawned thread inside the test
  CHECK(events[1].message == "worker");
  CHECK(events[1].last_line == 6);
}

// ---------------------------------------------------------------------------
// rustc and cargo diagnostics.

TEST_CASE("cargo: compile errors: codes, arrows, cargo's summary") {
  auto events = RustFile("cargo_build_compile_errors.txt");
  REQUIRE(events.size() == 3);
  CHECK(events[0].code == "E0425");
  CHECK(events[0].tool == "rustc");
  CHECK(events[0].location->file == "src/main.rs");
  CHECK(events[0].location->line == 11);
  CHECK(events[0].location->column == 20);
  CHECK(events[1].code == "E0308");
  CHECK(events[1].last_line == 14);
  CHECK(events[2].tool == "cargo");
  CHECK(events[2].message == "could not compile `compile_err` (bin \"compile_err\") due to 2 previous errors");
  CHECK(IsSummaryDiagnostic(events[2]));
  CHECK(Grouping(IncidentsOf(ReadShared("formats/rust/cargo_build_compile_errors.txt"))) ==
        std::vector<std::vector<size_t>>{{0}, {1, 2}});
}

TEST_CASE("cargo: note: and help: sub-diagnostics belong to the error above; their arrows do not move it") {
  auto events = RustFile("rustc_borrow_errors.txt");
  REQUIRE(events.size() == 5);
  const Event& e = events[1];
  CHECK(e.code == "E0382");
  CHECK(e.first_line == 11);
  CHECK(e.last_line == 31);
  CHECK(e.location->file == "borrow.rs");
  CHECK(e.location->line == 10);
  CHECK(e.lines[10].starts_with("note: consider changing this parameter type"));
  CHECK(events[0].level == "warning");
  CHECK(events[0].last_line == 9);
  CHECK(events[4].message == "aborting due to 1 previous error; 3 warnings emitted");
  auto tilde = RustFile("rustc_suggestion_tilde.txt");
  REQUIRE(tilde.size() == 2);
  CHECK(tilde[0].last_line == 18);  // note: ... ::: ... help: ... `3 ~` lines
  CHECK(tilde[0].location->file == "nonexhaustive.rs");
  auto multispan = RustFile("rustc_multispan.txt");
  REQUIRE(multispan.size() == 4);
  CHECK(multispan[2].code == "E0277");
  CHECK(multispan[2].last_line == 38);
  CHECK(multispan[2].location->file == "multispan.rs");
}

TEST_CASE("cargo: coloured output parses like plain output") {
  auto plain = RustFile("rustc_multispan.txt");
  auto color = RustFile("rustc_color_always.txt");
  REQUIRE(plain.size() == color.size());
  for (size_t i = 0; i < plain.size(); ++i) {
    CAPTURE(i);
    CHECK(plain[i].code == color[i].code);
    CHECK(plain[i].message == color[i].message);
    CHECK(plain[i].first_line == color[i].first_line);
    CHECK(plain[i].last_line == color[i].last_line);
    CHECK(plain[i].location.has_value() == color[i].location.has_value());
  }
}

TEST_CASE("cargo: other rustc layouts: elided lines, multi-line spans, warnings only") {
  auto elided = RustFile("rustc_elided_lines.txt");
  REQUIRE(elided.size() == 2);
  CHECK(elided[0].last_line == 8);
  CHECK(elided[0].location->line == 8);
  auto span = RustFile("rustc_multiline_span.txt");
  REQUIRE(span.size() == 2);
  CHECK(span[0].last_line == 11);
  auto warnings = RustFile("rustc_warnings_only.txt");
  REQUIRE(warnings.size() == 4);
  for (const auto& w : warnings) CHECK(w.level == "warning");
  CHECK(warnings[3].message == "3 warnings emitted");
}

TEST_CASE("cargo: warnings with cargo's summary; clippy") {
  auto events = RustFile("cargo_build_warnings_and_error.txt");
  REQUIRE(events.size() == 6);
  CHECK(events[1].last_line == 32);
  CHECK(events[4].message == "`warn_err` (bin \"warn_err\") generated 3 warnings");
  CHECK(Grouping(IncidentsOf(ReadShared("formats/rust/cargo_build_warnings_only.txt"))) ==
        std::vector<std::vector<size_t>>{{0, 1}});
  auto clippy = RustFile("cargo_clippy_warnings.txt");
  REQUIRE(clippy.size() == 4);
  CHECK(clippy[0].message == "length comparison to zero");
  CHECK(clippy[0].location->line == 3);
  CHECK(clippy[0].last_line == 9);
}

TEST_CASE("cargo: short formats are one-line diagnostics with a location") {
  auto rustc = RustFile("rustc_short_format.txt");
  REQUIRE(rustc.size() == 5);
  CHECK(rustc[1].code == "E0382");
  CHECK(rustc[1].location->file == "borrow.rs");
  CHECK(rustc[1].location->line == 10);
  CHECK(rustc[1].location->column == 20);
  CHECK(rustc[1].first_line == 2);
  CHECK(rustc[1].last_line == 2);
  auto cargo = RustFile("cargo_build_message_format_short.txt");
  REQUIRE(cargo.size() == 6);
  CHECK(cargo[0].level == "warning");
  CHECK(cargo[0].location->file == "src/main.rs");
  CHECK(cargo[5].message.starts_with("could not compile `warn_err`"));
  // JSON messages are not the human format: only cargo's stderr summary.
  CHECK(RustFile("cargo_build_message_format_json.jsonl.txt").empty());
  CHECK(RustFile("rustc_json_format.txt").empty());
  CHECK(RustFile("cargo_build_message_format_json.stderr.txt").size() == 1);
  auto windows = EventsOf("src\\main.rs:4:5: error[E0308]: mismatched types\n");
  REQUIRE(windows.size() == 1);
  CHECK(windows[0].location->file == "src\\main.rs");
}

TEST_CASE("cargo: a plain warning: from another program is withdrawn; cargo's own are kept") {
  CHECK(EventsOf("warning: build failed, waiting for other jobs to finish...\n").empty());
  CHECK(EventsOf("warning: buildfail@0.1.0: looking for libfoo via pkg-config\n").empty());
  CHECK(EventsOf("warning: `x` (lib) generated 2 warnings\n").size() == 1);
}

// ---------------------------------------------------------------------------
// Build scripts.

TEST_CASE("cargo: a build script failure takes its sections; the panic inside is its own event, one incident") {
  auto incidents = IncidentsOf(ReadShared("formats/rust/cargo_build_script_openssl_sys.txt"));
  REQUIRE(incidents.size() == 1);
  const auto& ev = incidents[0].events;
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].kind == kDiagnostic);
  CHECK(ev[0].tool == "cargo");
  CHECK(ev[0].message == "failed to run custom build command for `openssl-sys v0.9.80`");
  CHECK(ev[0].first_line == 7);
  CHECK(ev[0].last_line == 27);
  CHECK(ev[0].lines.back() == "  --- stderr");
  CHECK(ev[1].kind == kRustPanic);
  CHECK(ev[1].message == "OpenSSL include directory does not exist: /nonexistent/openssl/include");
  CHECK(ev[1].location->file == "/usr/share/cargo/registry/openssl-sys-0.9.80/build/main.rs");
  CHECK(ev[1].first_line == 29);
  CHECK(ev[1].last_line == 31);

  auto buildfail = RustFile("cargo_build_script_panic.txt");
  REQUIRE(buildfail.size() == 2);
  CHECK(buildfail[0].first_line == 3);
  CHECK(buildfail[0].last_line == 12);  // `  checking for libfoo... not found`
  CHECK(buildfail[1].kind == kRustPanic);
}

TEST_CASE("cargo: old cargo: build-script sections at column 0 and an old-style panic inside") {
  auto events = EventsOf(
      "error: failed to run custom build command for `openssl-sys v0.9.13`\n"
      "process didn't exit successfully: `/tmp/release/build/openssl-sys-296a/build-script-build` (exit code: 101)\n"
      "--- stdout\n"
      "run pkg_config fail: \"`\\\"pkg-config\\\" \\\"openssl\\\"` did not exit successfully\"\n"
      "\n"
      "--- stderr\n"
      "thread 'main' panicked at '\n"
      "\n"
      "Could not find directory of OpenSSL installation, and this `-sys` crate cannot\n"
      "proceed without this knowledge.\n"
      "\n"
      "', /root/.cargo/registry/src/github.com-1ecc6299db9ec823/openssl-sys-0.9.13/build.rs:211:4\n"
      "note: Run with `RUST_BACKTRACE=1` for a backtrace.\n");
  REQUIRE(events.size() == 2);
  CHECK(events[0].last_line == 6);
  CHECK(events[1].first_line == 7);
  CHECK(events[1].message ==
        "Could not find directory of OpenSSL installation, and this `-sys` crate cannot\nproceed without this knowledge.");
  CHECK(events[1].location->line == 211);
  CHECK(events[1].last_line == 13);
}

TEST_CASE("cargo: several Caused by: sections are one error") {
  auto events = EventsOf(
      "error: failed to get `serde` as a dependency of package `x v0.1.0 (/x)`\n\nCaused by:\n"
      "  failed to load source for dependency `serde`\n\nCaused by:\n  Unable to update registry `crates-io`\n\n"
      "Caused by:\n  failed to fetch `https://github.com/rust-lang/crates.io-index`\n\nnext\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].last_line == 10);
}

// ---------------------------------------------------------------------------
// Linker and install errors.

TEST_CASE("cargo: a linker error keeps the linker's output, blank lines and undefined references included") {
  auto incidents = IncidentsOf(
      "   Compiling foo v0.1.0 (/home/u/foo)\n"
      "error: linking with `cc` failed: exit status: 1\n"
      "  |\n"
      "  = note: LC_ALL=\"C\" PATH=\"/usr/bin\" \"cc\" \"-m64\" \"/tmp/rustcX/symbols.o\" \"-lssl\"\n"
      "  = note: /usr/bin/ld: /home/u/foo/target/debug/deps/foo.o: in function `foo::main':\n"
      "          /home/u/foo/src/main.rs:5: undefined reference to `SSL_new'\n"
      "          collect2: error: ld returned 1 exit status\n"
      "\n"
      "  = note: some `extern` functions couldn't be found; some native libraries may need to be installed\n"
      "\n"
      "error: could not compile `foo` (bin \"foo\") due to 1 previous error\n");
  REQUIRE(incidents.size() == 1);
  const auto& ev = incidents[0].events;
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].message == "linking with `cc` failed: exit status: 1");
  CHECK(ev[0].first_line == 2);
  CHECK(ev[0].last_line == 9);
  CHECK(ev[0].lines[4].find("undefined reference to `SSL_new'") != std::string::npos);
  CHECK(ev[1].message.starts_with("could not compile `foo`"));
}

TEST_CASE("cargo: corpus 013: linker `cc` not found, its note, and the consequences") {
  auto events = EventsOf(ReadShared("corpus/013-cargo-linker-cc-not-found/input.txt"));
  REQUIRE(events.size() == 7);
  CHECK(events[0].message == "linker `cc` not found");
  CHECK(events[0].last_line == 3);
  CHECK(events[0].lines.back() == "  = note: No such file or directory (os error 2)");
  // cargo install's closing `failed to compile` sums up the same build.
  auto incidents = IncidentsOf(ReadShared("corpus/013-cargo-linker-cc-not-found/input.txt"));
  REQUIRE(incidents.size() == 1);
  CHECK(incidents[0].events.back().message.starts_with("failed to compile `presenterm v0.2.1`"));
  // Old cargo's closing `error: build failed` likewise.
  auto old = IncidentsOf(
      "error: failed to run custom build command for `glib-sys v0.9.1`\n"
      "  No package 'glib-2.0' found\n"
      "\n"
      "warning: build failed, waiting for other jobs to finish...\n"
      "error: build failed\n");
  REQUIRE(old.size() == 1);
  CHECK(old[0].events.back().message == "build failed");
}

TEST_CASE("cargo: cargo install's MSRV error") {
  auto events = EventsOf(
      "error: cannot install package `cargo-audit 0.20.0`, it requires rustc 1.74 or newer, while the currently active "
      "rustc version is 1.63.0\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].tool == "cargo");
  CHECK(events[0].level == "error");
  CHECK(events[0].code.empty());
  CHECK_FALSE(events[0].location);
}

TEST_CASE("cargo: gutter line classifier") {
  CHECK(diag::IsGutterLine("   |"));
  CHECK(diag::IsGutterLine("10 |     println!(\"{}\", name);"));
  CHECK(diag::IsGutterLine("  = note: `#[warn(unused_mut)]` on by default"));
  CHECK(diag::IsGutterLine("3 ~         Some(x) if x > 0 => println!(\"{x}\"),"));
  CHECK(diag::IsGutterLine("LL +     let x = bar;"));
  CHECK(diag::IsGutterLine(" ::: /rustc/abc/library/core/src/ops/arith.rs:114:0"));
  CHECK(diag::IsGutterLine("..."));
  CHECK_FALSE(diag::IsGutterLine("error: could not compile"));
  CHECK_FALSE(diag::IsGutterLine(""));
}

// ---------------------------------------------------------------------------
// The real pastes.

TEST_CASE("cargo: the corpus's rustc and cargo errors match their expect.yaml") {
  for (const char* dir : {"013-cargo-linker-cc-not-found", "021-rustc-e0433-missing-use-import",
                          "024-rustc-e0308-c-char-u8-i8", "048-rustc-e0277-two-crate-versions",
                          "053-cargo-test-makepkg-cwd-race", "079-cargo-install-rustc-too-old-apt"}) {
    CAPTURE(dir);
    std::string base = std::string("corpus/") + dir;
    YAML::Node expect = YAML::Load(ReadShared(base + "/expect.yaml"));
    std::vector<const Event*> diags;
    auto events = EventsOf(ReadShared(base + "/input.txt"));
    for (const auto& e : events) {
      if (e.kind == kDiagnostic && e.level == "error") diags.push_back(&e);
    }
    const YAML::Node di = expect["diagnostics"];
    REQUIRE(diags.size() == di.size());
    for (size_t i = 0; i < diags.size(); ++i) {
      CAPTURE(i);
      const Event& d = *diags[i];
      auto str = [](const YAML::Node& n) { return n && !n.IsNull() ? n.as<std::string>() : std::string(); };
      auto num = [](const YAML::Node& n) { return n && !n.IsNull() ? n.as<int64_t>() : int64_t{0}; };
      CHECK(d.code == str(di[i]["code"]));
      CHECK(d.message.substr(0, d.message.find('\n')) == str(di[i]["message"]));
      CHECK((d.location ? d.location->file : "") == str(di[i]["file"]));
      CHECK((d.location ? d.location->line : 0) == num(di[i]["line"]));
    }
  }
}

TEST_CASE("cargo: corpus 024: a paste cut at a note: sub-diagnostic keeps it") {
  auto events = EventsOf(ReadShared("corpus/024-rustc-e0308-c-char-u8-i8/input.txt"));
  REQUIRE(events.size() == 1);
  CHECK(events[0].last_line == 11);
  CHECK(events[0].lines.back() == "note: associated function defined here");
}

}  // namespace
}  // namespace tbx
