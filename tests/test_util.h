// Helpers shared by the unit tests: run the pipeline on a string.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/analyze.h"
#include "incident/incident.h"
#include "parse/splitter.h"
#include "rules/engine.h"
#include "rules/loader.h"

namespace tbx::testing {

/// The bytes of the file at `path`; throws (failing the test) if unreadable.
inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

#ifdef TBEXPLAIN_SHARED_DIR
/// A file of the tests' copy of ../shared (tests/formats, tests/corpus),
/// e.g. "corpus/016-openssl-sys/input.txt".
inline std::string ReadShared(const std::string& rel) {
  return ReadFile(std::string(TBEXPLAIN_SHARED_DIR) + "/" + rel);
}
/// A verbatim sample from ../shared/formats, e.g. "python/simple_py3.11.txt".
inline std::string SharedFormat(const std::string& name) { return ReadShared("formats/" + name); }
#endif

/// The events the splitter produces for `text`, fed in chunks of `chunk`
/// bytes; the lines no recognizer took go to `others` when it is given.
inline std::vector<Event> EventsOf(const std::string& text, size_t chunk = SIZE_MAX,
                                   std::vector<std::string>* others = nullptr) {
  struct Collect : SplitSink {
    std::vector<Event> events;
    std::vector<std::string>* others = nullptr;
    void OnEvent(Event&& e) override { events.push_back(std::move(e)); }
    void OnOtherLine(const Line& line) override {
      if (others) others->emplace_back(line.text);
    }
  } sink;
  sink.others = others;
  if (others) others->clear();
  StringSource src(text, chunk);
  LineReader reader(src);
  Splitter splitter("t", sink);
  Line line;
  while (reader.Next(&line)) splitter.Feed(line);
  splitter.Finish();
  return std::move(sink.events);
}

/// A Python event on one line: `Type: first message line [frames] / cause
/// Type: ... [frames]`, then ` (partial: reason)` when it is.
inline std::string DescribeExceptions(const Event& e) {
  std::string out;
  for (size_t i = 0; i < e.exceptions.size(); ++i) {
    const Exception& x = e.exceptions[i];
    if (i) out += " / ";
    if (x.chain != Chain::kNone) out += std::string(ChainName(x.chain)) + " ";
    out += x.type + ": " + x.message.substr(0, x.message.find('\n')) + " [" + std::to_string(x.frames.size()) + "]";
  }
  if (e.partial) out += " (partial: " + e.partial_reason + ")";
  return out;
}

/// Events of a test run, one line each: `test | ` and DescribeExceptions;
/// an event of another kind than a Python traceback says so.
inline std::string DescribeTestEvents(const std::vector<Event>& events) {
  std::string out;
  for (const auto& e : events) {
    out += e.test + " |";
    if (!e.exceptions.empty()) out += " ";
    out += DescribeExceptions(e);
    if (e.kind != kPythonTraceback) out += " (kind " + std::string(e.kind) + ")";
    out += "\n";
  }
  return out;
}

/// Lines joined, each ending in a newline (a string, so that a failing
/// check prints all of them).
inline std::string Text(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

/// The incidents of `text`, with facts.
inline std::vector<Incident> IncidentsOf(const std::string& text) {
  std::vector<Incident> out;
  IncidentBuilder builder([&](Incident&& inc) { out.push_back(std::move(inc)); });
  StringSource src(text);
  LineReader reader(src);
  Splitter splitter("t", builder);
  Line line;
  while (reader.Next(&line)) splitter.Feed(line);
  splitter.Finish();
  builder.Finish();
  return out;
}

/// A path in the temporary directory for this test process alone: two
/// test runs at once on one machine (CI jobs, a build beside a clean clone)
/// must not share files.
inline std::filesystem::path TempPath(const std::string& name) {
  return std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
}

/// A rule set from YAML text; fails the test on any load error.
inline RuleSet RulesOf(const std::string& yaml, const std::string& name = "/tmp/tbexplain-test/rules.yaml") {
  std::vector<Rule> rules;
  std::vector<Diag> errors;
  LoadRuleText(yaml, name, &rules, &errors);
  for (const auto& e : errors) {
    // Surface the first error in the failing test's output.
    if (!e.message.empty()) throw std::runtime_error(e.Format());
  }
  RuleSet set;
  set.AddLayer(std::move(rules));
  return set;
}

/// The first error of loading `yaml`, formatted, without the file name.
inline std::string LintOf(const std::string& yaml) {
  std::vector<Rule> rules;
  std::vector<Diag> errors;
  LoadRuleText(yaml, "r.yaml", &rules, &errors);
  if (errors.empty()) return "";
  std::string s = errors.front().Format();
  s = s.substr(0, s.find('\n'));  // without the hint
  return s.substr(s.find(':') + 1);
}

/// Report of `text` explained with `rules`.
inline Report ReportOf(const std::string& text, const RuleSet& rules) {
  Report report;
  ReportBuilder builder(&report);
  StringSource src(text);
  report.inputs.push_back(Analyze("in.txt", src, rules, builder));
  builder.Finish();
  return report;
}

}  // namespace tbx::testing
