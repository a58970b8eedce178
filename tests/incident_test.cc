#include "incident/incident.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "incident/facts.h"
#include "parse/origin.h"
#include "test_util.h"

namespace tbx {
namespace {

using testing::IncidentsOf;

TEST_CASE("incident: a pyo3 panic and its PanicException are one incident, in either order") {
  auto panic_first = IncidentsOf(
      "thread '<unnamed>' panicked at src/lib.rs:5:28:\nboom\n"
      "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n"
      "Traceback (most recent call last):\n  File \"call.py\", line 8, in <module>\n    m.f()\n"
      "pyo3_runtime.PanicException: boom\n");
  REQUIRE(panic_first.size() == 1);
  CHECK(panic_first[0].events.size() == 2);
  auto exception_first = IncidentsOf(
      "Traceback (most recent call last):\n  File \"call.py\", line 22, in cb\n    m.f()\npyo3_runtime.PanicException: boom\n"
      "thread '<unnamed>' panicked at src/lib.rs:11:5:\nUnwrapped panic from Python code\n");
  REQUIRE(exception_first.size() == 1);
  CHECK(exception_first[0].events.size() == 2);
}

TEST_CASE("incident: unrelated reports separated by ordinary lines are separate incidents") {
  auto incidents = IncidentsOf(
      "Traceback (most recent call last):\n  File \"a.py\", line 1, in <module>\nKeyError: 'a'\n"
      "one\ntwo\nthree\nfour\n"
      "Traceback (most recent call last):\n  File \"b.py\", line 1, in <module>\nKeyError: 'b'\n");
  CHECK(incidents.size() == 2);
}

TEST_CASE("incident: the founding case is one incident located in the user's code and where it broke") {
  auto incidents = IncidentsOf(
      "$ python scripts/fetch.py\nModuleNotFoundError: No module named '_cffi_backend'\n"
      "thread '<unnamed>' panicked at /usr/share/cargo/registry/pyo3-0.20.2/src/err/mod.rs:788:5:\n"
      "Python API call failed\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n"
      "Traceback (most recent call last):\n"
      "  File \"/home/u/p/scripts/fetch.py\", line 3, in <module>\n    from supabase import create_client\n"
      "  File \"/home/u/.local/lib/python3.13/site-packages/supabase/__init__.py\", line 1, in <module>\n    import x\n"
      "  File \"/usr/lib/python3/dist-packages/cryptography/hazmat/_oid.py\", line 9, in <module>\n    from y import z\n"
      "pyo3_runtime.PanicException: Python API call failed\n");
  REQUIRE(incidents.size() == 1);
  CHECK(incidents[0].events.size() == 3);
  IncidentWhere where = Locate(incidents[0]);
  REQUIRE(where.user);
  CHECK(where.user->file == "/home/u/p/scripts/fetch.py");
  CHECK(where.user->line == 3);
  REQUIRE(where.broke);
  CHECK(where.broke->file == "/usr/lib/python3/dist-packages/cryptography/hazmat/_oid.py");
  const Facts& f = incidents[0].facts;
  CHECK(f.at("python.version") == std::vector<std::string>{"3.13"});
  CHECK(f.at("python.env") == std::vector<std::string>{"user-site", "system"});
  CHECK(f.at("python.command") == std::vector<std::string>{"python"});
  CHECK(f.at("rust.crate.pyo3") == std::vector<std::string>{"0.20.2"});
}

// Feeds `text` to `builder` to the end, `*lines` counting the lines read
// as it goes.
void FeedCounting(const std::string& text, size_t max_line, IncidentBuilder* builder, size_t* lines) {
  StringSource src(text);
  LineReader reader(src, max_line);
  Splitter splitter("t", *builder);
  Line line;
  while (reader.Next(&line)) {
    ++*lines;
    splitter.Feed(line);
  }
  splitter.Finish();
  builder->Finish();
}

TEST_CASE("incident: a batch is handed out when it is full, its bytes are, and at the end; in order, with facts") {
  // Five tracebacks, ordinary lines between them.
  std::string text;
  for (int i = 0; i < 5; ++i) {
    text += "Traceback (most recent call last):\n  File \"/usr/lib/python3.1" + std::to_string(i) +
            "/m.py\", line 1, in <module>\nKeyError: '" + std::to_string(i) + "'\n";
    text += "\none\ntwo\nthree\nfour\n";
  }
  for (size_t batch : {size_t{1}, size_t{3}, IncidentBuilder::kMaxBatch, IncidentBuilder::kMaxBatch + 5}) {
    CAPTURE(batch);
    std::vector<Incident> out;
    std::vector<size_t> handed_at;  // lines read when each was handed out
    size_t lines = 0;
    IncidentBuilder builder(
        [&](Incident&& inc) {
          out.push_back(std::move(inc));
          handed_at.push_back(lines);
        },
        batch);
    FeedCounting(text, LineReader::kDefaultMaxLine, &builder, &lines);
    REQUIRE(out.size() == 5);
    for (size_t i = 0; i < out.size(); ++i) {
      CHECK(out[i].events.at(0).exceptions.at(0).message == "'" + std::to_string(i) + "'");
      CHECK(out[i].facts.at("python.version") == std::vector<std::string>{"3.1" + std::to_string(i)});
    }
    // An incident ends with the fourth ordinary line after its traceback
    // and blank line: the 1st at line 8, the 3rd at 24. One at a time, each
    // goes out then; three at a time, the first three go out together when
    // the 3rd ends, the last two at the end (line 40); the largest batch
    // holds all five.
    const size_t b = std::min(batch, IncidentBuilder::kMaxBatch);
    for (size_t i = 0; i < out.size(); ++i) {
      size_t last_of_batch = std::min(out.size(), (i / b + 1) * b) - 1;
      CHECK(handed_at[i] == 8 * (last_of_batch + 1));
    }
  }
  // A batch whose lines reach kMaxBatchBytes goes out then.
  std::string big = "Traceback (most recent call last):\n  File \"m.py\", line 1, in <module>\nKeyError: '" +
                    std::string(IncidentBuilder::kMaxBatchBytes / 2, 'k') + "'\n\none\ntwo\nthree\nfour\n";
  std::vector<size_t> handed_at;
  size_t lines = 0;
  IncidentBuilder builder([&](Incident&&) { handed_at.push_back(lines); }, IncidentBuilder::kMaxBatch);
  FeedCounting(big + big + big, 2 * IncidentBuilder::kMaxBatchBytes, &builder, &lines);
  CHECK(handed_at == std::vector<size_t>{16, 16, 24});
}

// ---------------------------------------------------------------------------
// Grouping on real pyo3 output and the founding sample.

std::vector<Incident> RsIncidents(const std::string& name) {
  return IncidentsOf(testing::SharedFormat("rust/" + name));
}

TEST_CASE("incident: pyo3_panic_unwrap.txt is one incident: the panic, then its PanicException") {
  auto incidents = RsIncidents("pyo3_panic_unwrap.txt");
  REQUIRE(incidents.size() == 1);
  const auto& ev = incidents[0].events;
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].kind == kRustPanic);
  CHECK(ev[0].first_line == 2);
  CHECK(ev[0].last_line == 4);
  CHECK(ev[1].kind == kPythonTraceback);
  CHECK(ev[1].first_line == 5);
  CHECK(ev[1].last_line == 11);
  REQUIRE(ev[1].exceptions.size() == 1);
  CHECK(ev[1].exceptions[0].type == "pyo3_runtime.PanicException");
  CHECK(ev[1].exceptions[0].message == ev[0].message);
  IncidentWhere where = Locate(incidents[0]);
  REQUIRE(where.user);
  CHECK(where.user->file == "src/lib.rs");
  CHECK(where.user->line == 5);
  CHECK(where.user->column == 28);
}

TEST_CASE("incident: pyo3_panic_unwrap_backtrace1.txt: the backtrace names the user's Rust function") {
  auto incidents = RsIncidents("pyo3_panic_unwrap_backtrace1.txt");
  REQUIRE(incidents.size() == 1);
  const auto& ev = incidents[0].events;
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].kind == kRustPanic);
  CHECK(ev[0].last_line == 42);
  CHECK(ev[0].frames.size() == 25);
  CHECK(ev[1].kind == kPythonTraceback);
  CHECK(ev[1].first_line == 43);
  IncidentWhere where = Locate(incidents[0]);
  REQUIRE(where.user);
  CHECK(where.user->file == "src/lib.rs");
  CHECK(where.user->line == 5);
  CHECK(where.user->column == 28);
  CHECK(where.user->function == "pyo3demo::parse_port");
}

TEST_CASE("incident: pyo3_panic_roundtrip.txt: the panic and both PanicExceptions are one incident") {
  auto incidents = RsIncidents("pyo3_panic_roundtrip.txt");
  REQUIRE(incidents.size() == 1);
  const auto& ev = incidents[0].events;
  REQUIRE(ev.size() == 3);
  CHECK(ev[0].kind == kRustPanic);
  CHECK(ev[0].message == "invariant violated: 42");
  CHECK(ev[1].kind == kPythonTraceback);
  CHECK(ev[1].first_line == 7);
  CHECK(ev[1].exceptions.back().message == "invariant violated: 42");
  CHECK(ev[2].kind == kPythonTraceback);
  CHECK(ev[2].first_line == 11);
  CHECK(ev[2].exceptions.back().type == "pyo3_runtime.PanicException");
  CHECK(ev[2].exceptions.back().message == "Unwrapped panic from Python code");
  // pyo3's two lines between the panic and the first traceback are the incident's.
  CHECK(std::find(incidents[0].context.begin(), incidents[0].context.end(), "Python stack trace below:") !=
        incidents[0].context.end());
}

TEST_CASE("incident: pyo3_panic_caught.txt: the caught panic stands alone; the uncaught one joins its traceback") {
  // Python caught the first PanicException (and printed "caught ..."), so no
  // traceback follows that panic; the second panic propagated.
  auto incidents = RsIncidents("pyo3_panic_caught.txt");
  REQUIRE(incidents.size() == 2);
  REQUIRE(incidents[0].events.size() == 1);
  CHECK(incidents[0].events[0].kind == kRustPanic);
  CHECK(incidents[0].events[0].first_line == 2);
  CHECK(incidents[0].events[0].last_line == 4);
  REQUIRE(incidents[1].events.size() == 2);
  CHECK(incidents[1].events[0].kind == kRustPanic);
  CHECK(incidents[1].events[0].first_line == 7);
  CHECK(incidents[1].events[0].last_line == 8);
  CHECK(incidents[1].events[0].message == "invariant violated: 42");
  CHECK(incidents[1].events[1].kind == kPythonTraceback);
  CHECK(incidents[1].events[1].first_line == 9);
  CHECK(incidents[1].events[1].last_line == 12);
  // The line the script printed is context of the second incident.
  CHECK(std::find(incidents[1].context.begin(), incidents[1].context.end(),
                  "caught pyo3_runtime PanicException PanicException('invariant violated: 42')") !=
        incidents[1].context.end());
}

TEST_CASE("incident: the founding sample is one incident of three events, located at fetch.py:3 and _oid.py:9") {
  auto incidents = IncidentsOf(testing::ReadFile(std::string(TBEXPLAIN_SOURCE_DIR) + "/samples/mixed/cffi-backend-python313-pyo3.txt"));
  REQUIRE(incidents.size() == 1);
  const Incident& inc = incidents[0];
  REQUIRE(inc.events.size() == 3);
  CHECK(inc.events[0].kind == kPythonTraceback);
  CHECK(inc.events[0].first_line == 2);
  REQUIRE(inc.events[0].exceptions.size() == 1);
  CHECK(inc.events[0].exceptions[0].type == "ModuleNotFoundError");
  CHECK(inc.events[0].exceptions[0].message == "No module named '_cffi_backend'");
  CHECK(inc.events[1].kind == kRustPanic);
  CHECK(inc.events[1].first_line == 3);
  CHECK(inc.events[1].message == "Python API call failed");
  CHECK(inc.events[2].kind == kPythonTraceback);
  CHECK(inc.events[2].first_line == 6);
  CHECK(inc.events[2].last_line == 38);
  CHECK(inc.events[2].exceptions.back().frames.size() == 11);
  REQUIRE(inc.context.size() == 1);
  CHECK(inc.context[0] == "lzwjava@lzwjava-XiaoXin-14-IAH8:~/projects/lzwjava.github.io$ python scripts/supabase/fetch.py");
  IncidentWhere where = Locate(inc);
  REQUIRE(where.user);
  CHECK(where.user->file == "/home/lzwjava/projects/lzwjava.github.io/scripts/supabase/fetch.py");
  CHECK(where.user->line == 3);
  CHECK(where.user->function == "<module>");
  REQUIRE(where.broke);
  CHECK(where.broke->file == "/usr/lib/python3/dist-packages/cryptography/hazmat/_oid.py");
  CHECK(where.broke->line == 9);
  CHECK(where.broke->origin == Origin::kLibrary);
  CHECK(inc.facts.at("python.version") == std::vector<std::string>{"3.13"});
  CHECK(inc.facts.at("python.command") == std::vector<std::string>{"python"});
  CHECK(inc.facts.at("rust.crate.pyo3") == std::vector<std::string>{"0.20.2"});
}

TEST_CASE("incident: two unrelated tracebacks one log line apart are two incidents") {
  auto incidents = IncidentsOf(
      "Traceback (most recent call last):\n  File \"a.py\", line 1, in <module>\nKeyError: 'a'\n"
      "2024-05-01 12:00:00 INFO retrying\n"
      "Traceback (most recent call last):\n  File \"b.py\", line 1, in <module>\nKeyError: 'b'\n");
  REQUIRE(incidents.size() == 2);
  REQUIRE(incidents[0].events.size() == 1);
  REQUIRE(incidents[1].events.size() == 1);
  CHECK(incidents[0].events[0].exceptions[0].message == "'a'");
  CHECK(incidents[1].events[0].exceptions[0].message == "'b'");
  CHECK(incidents[1].events[0].first_line == 5);
}

TEST_CASE("incident: the prompt line before a second, unrelated traceback is that incident's context") {
  auto incidents = IncidentsOf(
      "$ python a.py\n"
      "Traceback (most recent call last):\n  File \"a.py\", line 1, in <module>\nKeyError: 'a'\n"
      "$ python3.12 b.py\n"
      "Traceback (most recent call last):\n  File \"b.py\", line 1, in <module>\nKeyError: 'b'\n");
  REQUIRE(incidents.size() == 2);
  CHECK(incidents[0].context == std::vector<std::string>{"$ python a.py"});
  CHECK(incidents[0].facts["python.command"] == std::vector<std::string>{"python"});
  CHECK(incidents[1].context == std::vector<std::string>{"$ python3.12 b.py"});
  CHECK(incidents[1].facts["python.command"] == std::vector<std::string>{"python3.12"});
}

TEST_CASE("incident: context keeps at most twelve lines before the first event") {
  std::string text;
  for (int i = 1; i <= 14; ++i) text += "l" + std::to_string(i) + "\n";
  auto incidents = IncidentsOf(text + "ValueError: x\n");
  REQUIRE(incidents.size() == 1);
  CHECK(incidents[0].context == std::vector<std::string>{"l3", "l4", "l5", "l6", "l7", "l8", "l9", "l10", "l11",
                                                         "l12", "l13", "l14"});
}

TEST_CASE("facts: interpreters and installs from paths") {
  auto facts = [](const std::string& s) { return InferFactsFromText(s); };
  CHECK(facts("/srv/app/.venv/lib/python3.12/site-packages/x.py")["python.env"] == std::vector<std::string>{"venv"});
  CHECK(facts("/opt/conda/lib/python3.8/site-packages/cv2/__init__.py")["python.env"] == std::vector<std::string>{"conda"});
  CHECK(facts("/home/a/.pyenv/versions/3.11.7/lib/python3.11/x.py")["python.env"] == std::vector<std::string>{"pyenv"});
  CHECK(facts("/home/k/.asdf/installs/python/3.10.0/lib/python3.10/x.py")["python.version"] == std::vector<std::string>{"3.10"});
  auto win = facts("C:\\Users\\me\\AppData\\Local\\Programs\\Python\\Python311\\Lib\\site-packages\\x.py");
  CHECK(win["python.version"] == std::vector<std::string>{"3.11"});
  CHECK(win["os"].front() == "windows");
  CHECK(facts("C:\\Users\\me\\AppData\\Local\\Packages\\PythonSoftwareFoundation.Python.3.12_qbz5\\x")["python.env"] ==
        std::vector<std::string>{"windows-store"});
  CHECK(facts("/Library/Frameworks/Python.framework/Versions/3.7/lib/python3.7/ssl.py")["python.env"] ==
        std::vector<std::string>{"framework"});
  CHECK(facts("/home/me/.cargo/registry/src/index.crates.io-6f17/tokio-1.37.0/src/lib.rs")["rust.crate.tokio"] ==
        std::vector<std::string>{"1.37.0"});
  CHECK(facts("user@host:~/p$ python3.12 app.py")["python.command"] == std::vector<std::string>{"python3.12"});
  CHECK(facts("On Ubuntu you want: sudo apt-get install libssl-dev").count("os.distro") == 0);
  auto venv = facts("$ .venv/bin/python -m pytest tests/");
  CHECK(venv["python.command"] == std::vector<std::string>{".venv/bin/python"});
  CHECK(venv["python.env"] == std::vector<std::string>{"venv"});
  CHECK(facts("$ /usr/bin/python3 app.py")["python.command"] == std::vector<std::string>{"/usr/bin/python3"});
  CHECK(facts("$ python3 app.py")["python.command"] == std::vector<std::string>{"python3"});
  CHECK(facts("INIT_START Runtime Version: python:3.12.v18\tRuntime Version ARN: arn:aws:lambda:eu-west-1::runtime:abc")
            ["python.version"] == std::vector<std::string>{"3.12"});
  CHECK(facts("file:///C:/Users/ana/report.html")["os"] == std::vector<std::string>{"windows"});
  CHECK(facts("  File \"/Users/ana/proj/x.py\", line 1")["os"] == std::vector<std::string>{"macos"});
  auto runner = facts("  pythonLocation: /opt/hostedtoolcache/Python/3.12.3/x64");
  CHECK(runner["python.version"] == std::vector<std::string>{"3.12"});
  CHECK(runner["python.full_version"] == std::vector<std::string>{"3.12.3"});
  CHECK(facts("Ubuntu 22.04.3 LTS")["os.distro"] == std::vector<std::string>{"ubuntu"});
  CHECK(IsKnownFact("rust.crate.pyo3"));
  CHECK(IsKnownFact("python.version"));
  CHECK_FALSE(IsKnownFact("python.versions"));
}

TEST_CASE("origin: user, library and standard library frames") {
  CHECK(ClassifyPythonFile("/home/u/app.py") == Origin::kUser);
  CHECK(ClassifyPythonFile("/usr/lib/python3/dist-packages/x.py") == Origin::kLibrary);
  CHECK(ClassifyPythonFile("/usr/lib/python3.11/json/decoder.py") == Origin::kStdlib);
  CHECK(ClassifyPythonFile("<frozen runpy>") == Origin::kStdlib);
  CHECK(ClassifyPythonFile("<stdin>") == Origin::kUser);
  CHECK(ClassifyPythonFile("<string>") == Origin::kUnknown);
  CHECK(ClassifyPythonFile("C:\\Python\\Python3\\lib\\encodings\\cp1252.py") == Origin::kStdlib);
  CHECK(ClassifyRustFrame("/rustc/abc/library/core/src/option.rs", "") == Origin::kStdlib);
  CHECK(ClassifyRustFrame("/home/u/.cargo/registry/src/i/tokio-1.0.0/src/lib.rs", "") == Origin::kLibrary);
  CHECK(ClassifyRustFrame("./src/main.rs", "app::main") == Origin::kUser);
  CHECK(ClassifyRustFrame("", "core::panicking::panic_fmt") == Origin::kStdlib);
  CHECK(ClassifyRustFrame("", "PyObject_Vectorcall") == Origin::kUnknown);
}

}  // namespace
}  // namespace tbx
