#include "app/analyze.h"

#include <optional>

#include "incident/incident.h"
#include "input/literal_scan.h"
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
                     const AnalyzeSink& sink, bool skip_quiet) {
  RuleSet::InputMatcher input_rules(rules);
  size_t next = 0;
  IncidentBuilder incidents([&](Incident&& inc) {
    std::vector<Finding> findings = rules.Match(inc);
    // Input-scope rules look at the incident before the sink takes it.
    input_rules.OnIncident(inc, next++);
    sink.incident(std::move(inc), std::move(findings));
  }, source.complete() ? IncidentBuilder::kMaxBatch : 1);
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
  std::string_view sample = skip_quiet ? reader.Peek(kSample) : std::string_view();
  skip_quiet = sample.size() >= kSample;
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
  for (auto& f : input_rules.Finish()) sink.input_finding(std::move(f));
  summary.bytes = reader.bytes_read();
  summary.error = reader.error();
  return summary;
}

InputSummary Analyze(const std::string& name, ByteSource& source, const RuleSet& rules,
                     ReportBuilder& builder, bool skip_quiet) {
  return Analyze(name, source, rules, BuilderSink(builder), skip_quiet);
}

}  // namespace tbx
