#include "incident/facts.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace tbx {
namespace {

using Values = std::vector<std::string>;

/// The values of fact `name` in `text`, or an empty list.
Values Fact(const std::string& text, const std::string& name) {
  Facts facts = InferFactsFromText(text);
  auto it = facts.find(name);
  return it == facts.end() ? Values{} : it->second;
}

TEST_CASE("facts: Linux user site and the distribution's dist-packages (the founding case)") {
  const std::string text =
      "  File \"/home/u/.local/lib/python3.13/site-packages/supabase/__init__.py\", line 1, in <module>\n"
      "  File \"/usr/lib/python3/dist-packages/cryptography/hazmat/_oid.py\", line 9, in <module>\n";
  CHECK(Fact(text, "python.version") == Values{"3.13"});
  CHECK(Fact(text, "python.env") == Values{"user-site", "system"});
  CHECK(Fact(text, "python.user_site") == Values{"/home/u/.local/lib/python3.13/site-packages"});
  CHECK(Fact(text, "python.system_site") == Values{"/usr/lib/python3/dist-packages"});
  CHECK(Fact(text, "python.site") ==
        Values{"/home/u/.local/lib/python3.13/site-packages", "/usr/lib/python3/dist-packages"});
  CHECK(Fact(text, "os") == Values{"linux", "debian-like"});
}

TEST_CASE("facts: a virtual environment, on Linux and on Windows") {
  const std::string linux_venv = "  File \"/srv/app/.venv/lib/python3.12/site-packages/requests/api.py\", line 9, in get\n";
  CHECK(Fact(linux_venv, "python.env") == Values{"venv"});
  CHECK(Fact(linux_venv, "python.version") == Values{"3.12"});
  CHECK(Fact(linux_venv, "python.site") == Values{"/srv/app/.venv/lib/python3.12/site-packages"});
  const std::string win_venv = "  File \"C:\\proj\\venv\\Lib\\site-packages\\flask\\app.py\", line 3, in run\n";
  CHECK(Fact(win_venv, "python.env") == Values{"venv"});
  CHECK(Fact(win_venv, "os") == Values{"windows"});
}

TEST_CASE("facts: conda under /opt/conda") {
  const std::string text = "  File \"/opt/conda/lib/python3.8/site-packages/cv2/__init__.py\", line 5, in <module>\n";
  CHECK(Fact(text, "python.env") == Values{"conda"});
  CHECK(Fact(text, "python.version") == Values{"3.8"});
  CHECK(Fact(text, "os") == Values{"linux"});
}

TEST_CASE("facts: pyenv gives the full version too") {
  const std::string text = "  File \"/home/a/.pyenv/versions/3.11.7/lib/python3.11/json/decoder.py\", line 355, in raw_decode\n";
  CHECK(Fact(text, "python.env") == Values{"pyenv"});
  CHECK(Fact(text, "python.version") == Values{"3.11"});
  CHECK(Fact(text, "python.full_version") == Values{"3.11.7"});
}

TEST_CASE("facts: asdf gives the full version too") {
  const std::string text = "  File \"/home/k/.asdf/installs/python/3.10.0/lib/python3.10/tkinter/__init__.py\", line 37, in <module>\n";
  CHECK(Fact(text, "python.env") == Values{"asdf"});
  CHECK(Fact(text, "python.version") == Values{"3.10"});
  CHECK(Fact(text, "python.full_version") == Values{"3.10.0"});
}

TEST_CASE("facts: the python.org installer on Windows") {
  const std::string text =
      "  File \"C:\\Users\\x\\AppData\\Local\\Programs\\Python\\Python311\\Lib\\site-packages\\numpy\\__init__.py\", line 1, in <module>\n";
  CHECK(Fact(text, "python.version") == Values{"3.11"});
  CHECK(Fact(text, "os") == Values{"windows"});
  CHECK(Fact(text, "python.site") == Values{"C:\\Users\\x\\AppData\\Local\\Programs\\Python\\Python311\\Lib\\site-packages"});
  const std::string stdlib = "  File \"C:\\Users\\x\\AppData\\Local\\Programs\\Python\\Python311\\Lib\\encodings\\cp1252.py\", line 19, in encode\n";
  CHECK(Fact(stdlib, "python.version") == Values{"3.11"});
}

TEST_CASE("facts: the Microsoft Store's Python") {
  const std::string text =
      "  File \"C:\\Users\\me\\AppData\\Local\\Packages\\PythonSoftwareFoundation.Python.3.12_qbz5n2kfra8p0\\LocalCache\\"
      "local-packages\\Python312\\site-packages\\x.py\", line 1, in <module>\n";
  CHECK(Fact(text, "python.env") == Values{"windows-store"});
  CHECK(Fact(text, "python.version") == Values{"3.12"});
  CHECK(Fact(text, "os") == Values{"windows"});
}

TEST_CASE("facts: the macOS framework build") {
  const std::string text = "  File \"/Library/Frameworks/Python.framework/Versions/3.7/lib/python3.7/ssl.py\", line 1139, in do_handshake\n";
  CHECK(Fact(text, "python.env") == Values{"framework"});
  CHECK(Fact(text, "python.version") == Values{"3.7"});
  CHECK(Fact(text, "os") == Values{"macos"});
}

TEST_CASE("facts: crate versions from cargo's registry and Debian's") {
  CHECK(Fact("/home/me/.cargo/registry/src/index.crates.io-6f17d22bba15001f/tokio-1.37.0/src/runtime/mod.rs:12:5",
             "rust.crate.tokio") == Values{"1.37.0"});
  CHECK(Fact("thread '<unnamed>' panicked at /usr/share/cargo/registry/pyo3-0.20.2/src/err/mod.rs:788:5:",
             "rust.crate.pyo3") == Values{"0.20.2"});
  Facts f = InferFactsFromText(
      "/home/me/.cargo/registry/src/index.crates.io-6f17d22bba15001f/openssl-sys-0.9.80/build/main.rs:1:1");
  CHECK(f["rust.crate.openssl-sys"] == Values{"0.9.80"});
  CHECK(f.count("rust.crate.openssl") == 0);
  CHECK(Fact("/usr/share/cargo/registry/pyo3-0.20.2/src/err/mod.rs", "os") == Values{"linux", "debian-like"});
}

TEST_CASE("facts: the command and version from a prompt line") {
  const std::string text = "user@host:~/p$ python3.12 app.py\n";
  CHECK(Fact(text, "python.command") == Values{"python3.12"});
  CHECK(Fact(text, "python.version") == Values{"3.12"});
  CHECK(Fact("$ python -m pytest tests/\n", "python.command") == Values{"python"});
  CHECK(Fact("PS C:\\app> py main.py\n", "python.command") == Values{"py"});
  CHECK(Fact("I ran python yesterday\n", "python.command").empty());
  // A prompt line with the bare interpreter starts a REPL: the next line
  // is not its argument.
  CHECK(Fact("$ python\nmain.py\n", "python.command").empty());
  CHECK(Fact("$ python\n$ python3 main.py\n", "python.command") == Values{"python3"});
}

TEST_CASE("facts: each is read within a line, in the order of the text") {
  // The same pattern on several lines gives each line's value, first seen
  // first; a pattern whose value has no group gives its first match.
  const std::string text =
      "  File \"/usr/lib/python3.11/a.py\", line 1\n"
      "  File \"/home/u/.local/lib/python3.12/site-packages/b.py\", line 2\n"
      "  File \"/usr/lib/python3/dist-packages/c.py\", line 3\n";
  CHECK(Fact(text, "python.version") == Values{"3.11", "3.12"});
  CHECK(Fact(text, "python.site") ==
        Values{"/home/u/.local/lib/python3.12/site-packages", "/usr/lib/python3/dist-packages"});
  CHECK(Fact(text, "python.env") == Values{"system", "user-site"});
  // No line ending at the end: the last line counts; a path cut by a line
  // break is no path.
  CHECK(Fact("/usr/lib/python3.9/x.py", "python.version") == Values{"3.9"});
  CHECK(Fact("/usr/lib/pyth\non3.9/x.py", "python.version").empty());
}

TEST_CASE("facts: nothing is inferred from text without paths, banners or prompts") {
  CHECK(InferFactsFromText("ValueError: invalid literal for int() with base 10: 'x'\n").empty());
  CHECK(InferFactsFromText("").empty());
}

TEST_CASE("facts: IsKnownFact knows each fact and the rust.crate.* family") {
  for (const char* name : {"python.version", "python.full_version", "python.env", "python.user_site",
                           "python.system_site", "python.site", "python.command", "os", "os.distro",
                           "rust.version"}) {
    CAPTURE(name);
    CHECK(IsKnownFact(name));
  }
  CHECK(IsKnownFact("rust.crate.pyo3"));
  CHECK(IsKnownFact("rust.crate.openssl-sys"));
  CHECK_FALSE(IsKnownFact("rust.crate."));
  CHECK_FALSE(IsKnownFact("rust.crate"));
  CHECK_FALSE(IsKnownFact("rust.crates.pyo3"));
  CHECK_FALSE(IsKnownFact("python"));
  CHECK_FALSE(IsKnownFact("python.versions"));
  CHECK_FALSE(IsKnownFact(""));
}

TEST_CASE("facts: every documented fact has a description") {
  REQUIRE_FALSE(FactDefs().empty());
  for (const auto& d : FactDefs()) {
    CAPTURE(d.name);
    CHECK_FALSE(d.description.empty());
    CHECK(IsKnownFact(d.name.ends_with(".*") ? std::string(d.name.substr(0, d.name.size() - 1)) + "x"
                                               : std::string(d.name)));
  }
}

}  // namespace
}  // namespace tbx
