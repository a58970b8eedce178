#include "incident/incident.h"

#include <doctest/doctest.h>

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
