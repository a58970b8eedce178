#include "app/analyze.h"

#include "incident/incident.h"
#include "parse/splitter.h"

namespace tbx {

AnalyzeSink BuilderSink(ReportBuilder& builder) {
  const size_t first = builder.next_incident();
  return {[&builder](Incident&& inc, std::vector<Finding>&& findings) {
            builder.AddIncident(std::move(inc), findings);
          },
          [&builder, first](RuleSet::InputFinding&& f) {
            for (size_t& id : f.incidents) id += first;
            builder.AddInputFinding(f.finding, f.incidents);
          }};
}

InputSummary Analyze(const std::string& name, ByteSource& source, const RuleSet& rules,
                     const AnalyzeSink& sink) {
  RuleSet::InputMatcher input_rules(rules);
  size_t next = 0;
  IncidentBuilder incidents([&](Incident&& inc) {
    std::vector<Finding> findings = rules.Match(inc);
    // Input-scope rules look at the incident before the sink takes it.
    input_rules.OnIncident(inc, next++);
    sink.incident(std::move(inc), std::move(findings));
  });
  Splitter splitter(name, incidents);
  LineReader reader(source);
  Line line;
  InputSummary summary;
  summary.name = name;
  while (reader.Next(&line)) {
    splitter.Feed(line);
    summary.lines = line.number;
  }
  splitter.Finish();
  incidents.Finish();
  for (auto& f : input_rules.Finish()) sink.input_finding(std::move(f));
  summary.bytes = reader.bytes_read();
  summary.error = reader.error();
  return summary;
}

InputSummary Analyze(const std::string& name, ByteSource& source, const RuleSet& rules,
                     ReportBuilder& builder) {
  return Analyze(name, source, rules, BuilderSink(builder));
}

}  // namespace tbx
