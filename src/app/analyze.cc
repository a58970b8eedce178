#include "app/analyze.h"

#include "incident/incident.h"
#include "parse/splitter.h"

namespace tbx {

InputSummary Analyze(const std::string& name, ByteSource& source, const RuleSet& rules,
                     ReportBuilder& builder) {
  RuleSet::InputMatcher input_rules(rules);
  IncidentBuilder incidents([&](Incident&& inc) {
    std::vector<Finding> findings = rules.Match(inc);
    // Input-scope rules look at the incident before the report takes it.
    size_t next = builder.next_incident();
    input_rules.OnIncident(inc, next);
    builder.AddIncident(std::move(inc), findings);
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
  for (const auto& f : input_rules.Finish()) builder.AddInputFinding(f.finding, f.incidents);
  summary.bytes = reader.bytes_read();
  summary.error = reader.error();
  return summary;
}

}  // namespace tbx
