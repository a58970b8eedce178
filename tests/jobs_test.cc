// tbexplain -j N: the output, error messages and exit status of several
// files read at once are those of reading them one after another, in every
// format, with a missing file and standard input among them.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/options.h"
#include "app/run.h"
#include "report/renderer.h"
#include "test_util.h"

namespace tbx {
namespace {

namespace fs = std::filesystem;

const std::string kSource = TBEXPLAIN_SOURCE_DIR;

// A `scope: input` rule (the one docs/rules.md shows), so that findings whose
// incident ids count across files are in the output.
const char* kInputRule = R"yaml(id: test.wheel-failed-then-import
title: "{pkg} failed to build, so importing it failed later"
scope: input
match:
  all:
    - diagnostic: {tool: pip, message: "Failed building wheel for (?P<pkg>\\S+)"}
    - exception: {type: ModuleNotFoundError}
explanation: pip could not build {pkg}, and the later import failed with {exception.message}.
remediation:
  - text: Fix the failed build of {pkg}.
)yaml";

// A folder with the rule above and a file of many incidents (so that later
// files are done before it is), removed at the end.
struct Fixture {
  fs::path dir = fs::temp_directory_path() / ("tbexplain-jobs-test-" + std::to_string(::getpid()));
  std::string rules = (dir / "rules").string();
  std::string big = (dir / "big.txt").string();
  Fixture() {
    fs::create_directories(rules);
    std::ofstream(rules + "/input.yaml") << kInputRule;
    std::string one = testing::ReadFile(kSource + "/samples/mixed/cffi-backend-python313-pyo3.txt") +
                      testing::ReadFile(kSource + "/docs/examples/pip-then-import.txt");
    std::ofstream out(big, std::ios::binary);
    for (int i = 0; i < 100; ++i) out << one;
  }
  ~Fixture() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

struct Result {
  std::string out, err;
  int status = 0;
};

// Runs tbexplain with `args` after the built-in rules (from their YAML) and
// the fixture's, with standard input read from `stdin_file`.
Result Explain(const Fixture& fx, const std::vector<std::string>& args, const std::string& stdin_file) {
  std::vector<std::string> all = {"tbexplain", "--no-default-rules", "--rules", kSource + "/rules",
                                  "--rules", fx.rules, "--color", "never"};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<const char*> argv;
  for (const auto& a : all) argv.push_back(a.c_str());
  Options options;
  std::string error;
  REQUIRE_MESSAGE(ParseOptions(static_cast<int>(argv.size()), argv.data(), &options, &error), error);
  int saved = ::dup(0);
  int fd = ::open(stdin_file.c_str(), O_RDONLY);
  REQUIRE(saved >= 0);
  REQUIRE(fd >= 0);
  ::dup2(fd, 0);
  ::close(fd);
  std::ostringstream out, err;
  Result r;
  r.status = Run(options, out, err);
  ::dup2(saved, 0);
  ::close(saved);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// -j 1 and then each of `jobs` on `files` in `format_args`; every run must
// print the same bytes and exit the same way. Returns the -j 1 result.
Result Compare(const Fixture& fx, std::vector<std::string> format_args, const std::vector<std::string>& files,
               const std::vector<std::string>& jobs, const std::string& stdin_file) {
  auto with = [&](const std::string& j) {
    std::vector<std::string> args = format_args;
    args.insert(args.end(), {"-j", j});
    args.insert(args.end(), files.begin(), files.end());
    return Explain(fx, args, stdin_file);
  };
  Result one = with("1");
  for (const auto& j : jobs) {
    CAPTURE(j);
    Result many = with(j);
    CHECK(many.status == one.status);
    CHECK(many.err == one.err);
    CHECK(many.out == one.out);
  }
  return one;
}

std::vector<std::string> Files(const Fixture& fx) {
  return {
      fx.big,
      kSource + "/samples/mixed/cffi-backend-python313-pyo3.txt",
      kSource + "/docs/examples/pip-then-import.txt",
      kSource + "/samples/python/keyerror-chained-config.txt",
      "no/such/file.txt",
      "-",
      kSource + "/samples/rust/unwrap-none-backtrace.txt",
      kSource + "/samples/ci/github-actions-module-not-found.txt",
      kSource + "/tests/formats/python/add_note_py3.11.txt",
      kSource + "/samples/python/pip-externally-managed.txt",
      fx.big,
      kSource + "/samples/rust/cargo-e0308-mismatched-types.txt",
      kSource + "/tests/formats/rust/backtrace1_thread_named.txt",
      kSource + "/samples/python/syntaxerror-fstring-nested-quotes-py311.txt",
  };
}

const std::string kStdin = kSource + "/docs/examples/pip-then-import.txt";

TEST_CASE("jobs: -j 3 prints what -j 1 prints, in every format, a missing file and standard input among the files") {
  Fixture fx;
  std::vector<std::string> files = Files(fx);
  for (const auto& r : Renderers()) {
    CAPTURE(r.name);
    Result one = Compare(fx, {"--format", std::string(r.name)}, files, {"3"}, kStdin);
    CHECK(one.status == 2);
    CHECK(one.err == "tbexplain: cannot read no/such/file.txt: No such file or directory\n");
    CHECK(one.out.size() > 1000);
  }
  Result brief = Compare(fx, {"--brief"}, files, {"3"}, kStdin);
  CHECK(brief.out.find("<stdin>") != std::string::npos);
}

TEST_CASE("jobs: -j 0 (one thread per CPU), -j 2 and more threads than files print what -j 1 prints") {
  Fixture fx;
  for (const char* format : {"jsonl", "json", "text", "quickfix"}) {
    CAPTURE(format);
    Compare(fx, {"--format", format}, Files(fx), {"0", "2", "64"}, kStdin);
  }
}

TEST_CASE("jobs: the files' order shows in the output, so the comparisons above would see it change") {
  Fixture fx;
  std::vector<std::string> files = Files(fx);
  std::vector<std::string> reversed(files.rbegin(), files.rend());
  for (const char* format : {"jsonl", "json", "text", "quickfix"}) {
    CAPTURE(format);
    auto run = [&](const std::vector<std::string>& in) {
      std::vector<std::string> args = {"--format", format, "-j", "3"};
      args.insert(args.end(), in.begin(), in.end());
      return Explain(fx, args, kStdin).out;
    };
    std::string in_order = run(files);
    CHECK(in_order.size() > 1000);
    CHECK(in_order != run(reversed));
  }
}

TEST_CASE("jobs: incident ids count across files, for incident and input-scope findings alike") {
  Fixture fx;
  // The cffi sample has one incident; pip-then-import.txt's are 1 and 2.
  Result r = Compare(fx, {"--format", "jsonl"},
                     {kSource + "/samples/mixed/cffi-backend-python313-pyo3.txt", "no/such/file.txt",
                      kSource + "/docs/examples/pip-then-import.txt"},
                     {"3"}, kStdin);
  CHECK(r.out.find("\"rule\":\"python.module-not-found\",") != std::string::npos);
  CHECK(r.out.find("\"type\":\"incident\",\"id\":2,\"input\":\"" + kSource + "/docs/examples/pip-then-import.txt\"") !=
        std::string::npos);
  CHECK(r.out.find("\"rule\":\"test.wheel-failed-then-import\",") != std::string::npos);
  CHECK(r.out.find("\"incident\":1,\"events\":[3,4,5]") != std::string::npos);
}

TEST_CASE("jobs: standard input named twice is read once; the second time it is empty, as with -j 1") {
  Fixture fx;
  Result r = Compare(fx, {"--format", "json"},
                     {"-", kSource + "/samples/mixed/cffi-backend-python313-pyo3.txt", "-", "-"}, {"3"}, kStdin);
  CHECK(r.status == 0);
  CHECK(r.out.find("\"name\": \"<stdin>\",\n      \"lines\": 11") != std::string::npos);
  CHECK(r.out.find("\"name\": \"<stdin>\",\n      \"lines\": 0") != std::string::npos);
}

}  // namespace
}  // namespace tbx
