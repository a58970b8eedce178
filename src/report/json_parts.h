// The JSON contract's pieces, shared by --format json and --format jsonl.
#pragma once

#include "report/report.h"
#include "util/json_writer.h"

namespace tbx {

/// The fields of one event (docs/json.md), inside an open object.
void WriteEventFields(JsonWriter& w, const Event& e);
/// The fields of one finding, inside an open object.
void WriteFindingFields(JsonWriter& w, const ReportFinding& f);
/// The `inputs` array: name, lines and error of each input read.
void WriteInputs(JsonWriter& w, const Report& report);

}  // namespace tbx
