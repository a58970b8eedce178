// Renderers see only the report. These check the formats' rules: quickfix
// lines, GitHub's escaping, SARIF URIs, --redact, text's brief mode.
#include <doctest/doctest.h>

#include <sstream>

#include "report/redact.h"
#include "report/renderer.h"
#include "test_util.h"

namespace tbx {
namespace {

Report Sample() {
  auto rules = testing::RulesOf(
      "id: demo.key\ntitle: 'Missing key {key}: a, b'\nexplanation: 'Line one.\n\n  Line %two.'\n"
      "remediation: [{text: 'Fix it', command: 'echo 100%'}]\nmatch: {exception: {type: KeyError, message: \"'(?P<key>\\\\w+)'\"}}\n");
  return testing::ReportOf(
      "Traceback (most recent call last):\n  File \"/home/alice/app/main.py\", line 7, in <module>\n    cfg['port']\n"
      "KeyError: 'port'\n",
      rules);
}

std::string Render(const Report& r, std::string_view format, bool brief = false) {
  std::ostringstream out;
  RenderOptions o;
  o.brief = brief;
  FindRenderer(format)->render(r, o, out);
  return out.str();
}

TEST_CASE("report: a frame printed without its file is shown as its line, not as ':7'") {
  // AREPL and other tools drop the file of the user's own code (corpus 084).
  auto report = testing::ReportOf(
      "Traceback (most recent call last):\n"
      "  File \"C:\\tools\\evaluator.py\", line 177, in exec_input\n"
      "    exec(code, scope)\n"
      "  line 7, in <module>\n"
      "NameError: name 'fah' is not defined\n",
      RuleSet());
  std::string text = Render(report, "text");
  CHECK(text.find("(file not shown) line 7, in <module>") != std::string::npos);
  CHECK(text.find(" :7") == std::string::npos);
  CHECK(Render(report, "markdown").find("broke in `line 7`") != std::string::npos);
}

TEST_CASE("report: a message that starts on the next line is shown from its first line of text") {
  auto report = testing::ReportOf(
      "Traceback (most recent call last):\n"
      "  File \"/srv/train.py\", line 57, in <module>\n"
      "    for x in loader:\n"
      "RuntimeError: \n"
      "        An attempt has been made to start a new process before the\n"
      "        current process has finished its bootstrapping phase.\n",
      RuleSet());
  std::string text = Render(report, "text");
  CHECK(text.find("RuntimeError: An attempt has been made to start a new process before the (+1 more line)") !=
        std::string::npos);
}

TEST_CASE("report: quickfix lines") {
  CHECK(Render(Sample(), "quickfix") == "/home/alice/app/main.py:7: error: Missing key port: a, b [demo.key]\n");
}

TEST_CASE("report: GitHub annotations escape properties and data") {
  std::string s = Render(Sample(), "github");
  CHECK(s.starts_with("::error file=/home/alice/app/main.py,line=7,title=Missing key port%3A a%2C b [demo.key]::"));
  CHECK(s.find("Line %25two.") != std::string::npos);
  CHECK(s.find("%0A1. Fix it%0A   $ echo 100%25") != std::string::npos);
  CHECK(s.find('\n') == s.size() - 1);  // one line
}

TEST_CASE("report: brief text is one line per incident") {
  CHECK(Render(Sample(), "text", true) == "in.txt:1: error: Missing key port: a, b [demo.key]\n");
}

TEST_CASE("report: SARIF locations are URIs") {
  std::string s = Render(Sample(), "sarif");
  CHECK(s.find("\"uri\": \"file:///home/alice/app/main.py\"") != std::string::npos);
  CHECK(s.find("\"ruleId\": \"demo.key\"") != std::string::npos);
  CHECK(s.find("\"columnKind\": \"unicodeCodePoints\"") != std::string::npos);
}

TEST_CASE("report: redaction masks secrets and user names everywhere") {
  std::string s = "https://bob:hunter2@example.com/x?token=abcdef123456 ghp_0123456789abcdefghijABCDEFGHIJ0123 "
                  "AKIAABCDEFGHIJKLMNOP /home/alice/x C:\\Users\\Bob\\y password=secret1 Bearer abc.def.ghi123";
  RedactText(&s);
  CHECK(s == "https://bob:***@example.com/x?token=*** *** *** /home/<user>/x C:\\Users\\<user>\\y password=*** Bearer ***");
  Report r = Sample();
  RedactReport(&r);
  CHECK(Render(r, "quickfix") == "/home/<user>/app/main.py:7: error: Missing key port: a, b [demo.key]\n");
  CHECK(Render(r, "json").find("alice") == std::string::npos);
}

TEST_CASE("report: streaming keeps one incident at a time and global indexes") {
  RuleSet none;
  Report report;
  ReportBuilder builder(&report);
  std::vector<std::string> seen;
  builder.Stream([&](const Report& r) {
    seen.push_back(std::to_string(r.event_base) + ":" + std::to_string(r.events.size()));
  });
  StringSource src("KeyError: 'a'\nx\ny\nz\nw\nValueError: b\n");
  Analyze("in", src, none, builder);
  CHECK(seen == std::vector<std::string>{"0:1", "1:1"});
  CHECK(report.events.empty());
  CHECK(report.event_base == 2);
}

}  // namespace
}  // namespace tbx
