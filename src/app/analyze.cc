#include "app/analyze.h"

#include "incident/incident.h"
#include "parse/splitter.h"

namespace tbx {

InputSummary Analyze(const std::string& name, ByteSource& source, const RuleSet& rules,
                     ReportBuilder& builder) {
  IncidentBuilder incidents([&](Incident&& inc) {
    std::vector<Finding> findings = rules.Match(inc);
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
  summary.bytes = reader.bytes_read();
  summary.error = reader.error();
  return summary;
}

}  // namespace tbx
