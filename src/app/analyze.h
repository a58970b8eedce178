// The pipeline for one input: bytes -> lines -> events -> incidents ->
// findings, handed to a sink or appended to a report.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "input/line_reader.h"
#include "report/report.h"
#include "rules/engine.h"

namespace tbx {

/// Where Analyze puts what it finds, as it finds it: each incident with its
/// findings, in input order; then, once the input is read, the findings of
/// `scope: input` rules, whose incident ids count from 0 at this input's
/// first incident.
struct AnalyzeSink {
  std::function<void(Incident&&, std::vector<Finding>&&)> incident;
  std::function<void(RuleSet::InputFinding&&)> input_finding;
};

/// A sink that adds to `builder`, numbering the input's incidents from
/// builder.next_incident() as it is when this is called.
AnalyzeSink BuilderSink(ReportBuilder& builder);

/// Reads `source` to its end and hands its incidents, with the findings of
/// `rules`, to `sink`. Returns what was read. With `skip_quiet` (the
/// default) lines that cannot start an event are passed over unparsed
/// (Splitter::StartTriggers); what the sink gets is the same without.
InputSummary Analyze(const std::string& name, ByteSource& source, const RuleSet& rules,
                     const AnalyzeSink& sink, bool skip_quiet = true);

/// The same, adding to `builder` (BuilderSink).
InputSummary Analyze(const std::string& name, ByteSource& source, const RuleSet& rules,
                     ReportBuilder& builder, bool skip_quiet = true);

}  // namespace tbx
