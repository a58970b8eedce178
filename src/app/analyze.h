// The pipeline for one input: bytes -> lines -> events -> incidents ->
// findings, appended to a report.
#pragma once

#include <string>

#include "input/line_reader.h"
#include "report/report.h"
#include "rules/engine.h"

namespace tbx {

/// Reads `source` to its end and adds its incidents, with the findings of
/// `rules`, to `builder`. Returns what was read.
InputSummary Analyze(const std::string& name, ByteSource& source, const RuleSet& rules,
                     ReportBuilder& builder);

}  // namespace tbx
