#include "app/options.h"

#include <doctest/doctest.h>

namespace tbx {
namespace {

bool Parse(std::vector<const char*> args, Options* o, std::string* error) {
  args.insert(args.begin(), "tbexplain");
  return ParseOptions(static_cast<int>(args.size()), args.data(), o, error);
}

TEST_CASE("options: files, formats and rules") {
  Options o;
  std::string error;
  REQUIRE(Parse({"--format", "json", "--rules", "a", "--rules", "b", "x.log", "-"}, &o, &error));
  CHECK(o.format == "json");
  CHECK(o.rule_dirs == std::vector<std::string>{"a", "b"});
  CHECK(o.files == std::vector<std::string>{"x.log", "-"});
  Options d;
  REQUIRE(Parse({}, &d, &error));
  CHECK(d.files == std::vector<std::string>{"-"});
  CHECK(d.default_rules);
}

TEST_CASE("options: usage errors say what is wrong") {
  Options o;
  std::string error;
  CHECK_FALSE(Parse({"--format", "jsn"}, &o, &error));
  CHECK(error == "unknown format 'jsn'; did you mean 'json'?");
  CHECK_FALSE(Parse({"--colr", "never"}, &o, &error));
  CHECK(error == "unknown option '--colr'; did you mean '--color'?");
  CHECK_FALSE(Parse({"rules"}, &o, &error));
  CHECK(error == "rules needs a subcommand: list, lint, test, patterns or compile");
  CHECK_FALSE(Parse({"rules", "lint", "extra"}, &o, &error));
  CHECK(error == "rules lint takes no file arguments; use --rules DIR");
}

TEST_CASE("options: -j and --jobs take a number of files, 0 or more") {
  Options o;
  std::string error;
  REQUIRE(Parse({"a", "b"}, &o, &error));
  CHECK(o.jobs == 1);
  REQUIRE(Parse({"-j", "4", "a"}, &o, &error));
  CHECK(o.jobs == 4);
  REQUIRE(Parse({"-j2"}, &o, &error));
  CHECK(o.jobs == 2);
  REQUIRE(Parse({"--jobs", "0"}, &o, &error));
  CHECK(o.jobs == 0);
  for (const char* bad : {"-1", "x", "2x", "", "+3", "99999999999999999999"}) {
    CAPTURE(bad);
    Options b;
    CHECK_FALSE(Parse({"--jobs", bad}, &b, &error));
    CHECK(error == "--jobs must be a number of files, 0 or more, not '" + std::string(bad) + "'");
  }
  CHECK_FALSE(Parse({"-j"}, &o, &error));
  CHECK_FALSE(Parse({"--jbos", "2"}, &o, &error));
  CHECK(error == "unknown option '--jbos'; did you mean '--jobs'?");
}

TEST_CASE("options: rules subcommands") {
  Options o;
  std::string error;
  REQUIRE(Parse({"rules", "test", "--rules", "r"}, &o, &error));
  CHECK(o.command == Command::kRulesTest);
  CHECK(o.files.empty());
}

}  // namespace
}  // namespace tbx
