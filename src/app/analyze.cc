#include "app/analyze.h"

#include <optional>

#include "incident/incident.h"
#include "input/literal_scan.h"
#include "parse/splitter.h"

namespace tbx {

InputSummary Analyze(const std::string& name, ByteSource& source, const RuleSet& rules,
                     ReportBuilder& builder, bool skip_quiet) {
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
  // While no event is open, lines that cannot start one are passed over
  // unparsed but for the last few before the next candidate (context).
  // The literals are fingerprinted by what is rare in the input's first
  // 64 KiB. A shorter input (a paste) is too short for building the
  // scanner to pay.
  constexpr size_t kSample = 64 * 1024;
  skip_quiet = skip_quiet && reader.Peek(kSample).size() >= kSample;
  std::string_view sample = skip_quiet ? reader.Peek(kSample) : std::string_view();
  std::optional<LiteralScanner> scanner;
  if (skip_quiet) scanner.emplace(Splitter::StartTriggers(), sample);
  for (;;) {
    bool quiet = false;
    if (skip_quiet && splitter.idle()) {
      if (uint64_t n = reader.SkipQuiet(*scanner, IncidentBuilder::kContextLines)) splitter.Skip(n);
      quiet = reader.NextIsQuiet();
    }
    if (!reader.Next(&line)) break;
    if (quiet) {
      splitter.FeedQuiet(line);
    } else {
      splitter.Feed(line);
    }
  }
  summary.lines = reader.lines();
  splitter.Finish();
  incidents.Finish();
  for (const auto& f : input_rules.Finish()) builder.AddInputFinding(f.finding, f.incidents);
  summary.bytes = reader.bytes_read();
  summary.error = reader.error();
  return summary;
}

}  // namespace tbx
