// The JSON contract's pieces, shared by --format json and --format jsonl.
#pragma once

#include "report/report.h"
#include "util/json_writer.h"

namespace tbx {

/// The fields of one event (docs/json.md), inside an open object.
void WriteEventFields(JsonWriter& w, const Event& e);
/// The fields of one finding, inside an open object.
void WriteFindingFields(JsonWriter& w, const ReportFinding& f);

}  // namespace tbx
