// Helpers shared by the unit tests: run the pipeline on a string.
#pragma once

#include <string>
#include <vector>

#include "app/analyze.h"
#include "incident/incident.h"
#include "parse/splitter.h"
#include "rules/engine.h"
#include "rules/loader.h"

namespace tbx::testing {

/// The events the splitter produces for `text`.
inline std::vector<Event> EventsOf(const std::string& text, size_t chunk = SIZE_MAX) {
  struct Collect : SplitSink {
    std::vector<Event> events;
    void OnEvent(Event&& e) override { events.push_back(std::move(e)); }
    void OnOtherLine(const Line&) override {}
  } sink;
  StringSource src(text, chunk);
  LineReader reader(src);
  Splitter splitter("t", sink);
  Line line;
  while (reader.Next(&line)) splitter.Feed(line);
  splitter.Finish();
  return std::move(sink.events);
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
