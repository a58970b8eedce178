// --redact: masks what looks like a secret (tokens, API keys, passwords in
// URLs and settings) and the user names in home-directory paths, in every
// string of a report, so that any output format can be shared in public.
#pragma once

#include <string>

#include "report/report.h"

namespace tbx {

/// Redacts one string in place. Exposed for testing.
void RedactText(std::string* s);

/// Redacts every string of the report that came from the input or was
/// built from it (events, facts, frames, findings' texts and locations).
void RedactReport(Report* report);

}  // namespace tbx
