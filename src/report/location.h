// Where a finding points in the editor or CI formats: the incident's most
// relevant frame, or else the place in the input where the incident starts.
#pragma once

#include <string>

#include "report/report.h"

namespace tbx {

struct FindingPlace {
  std::string file;
  int64_t line = 0;
  int64_t column = 0;  ///< 0: unknown
};

/// The finding's location, or its incident's first line in the input.
FindingPlace PlaceOf(const Report& report, const ReportFinding& f);

/// The first line of `s`.
std::string FirstLineOf(std::string_view s, size_t* more = nullptr);

}  // namespace tbx
