// The pipeline for one input: bytes -> lines -> events -> incidents ->
// findings, appended to a report.
#pragma once

#include <string>

#include "input/line_reader.h"
#include "report/report.h"
#include "rules/engine.h"

namespace tbx {

/// Reads `source` to its end and adds its incidents, with the findings of
/// `rules`, to `builder`. Returns what was read. With `skip_quiet` (the
/// default) lines that cannot start an event are passed over unparsed
/// (Splitter::StartTriggers); the report is the same without.
InputSummary Analyze(const std::string& name, ByteSource& source, const RuleSet& rules,
                     ReportBuilder& builder, bool skip_quiet = true);

}  // namespace tbx
