#include "report/location.h"

namespace tbx {

FindingPlace PlaceOf(const Report& report, const ReportFinding& f) {
  FindingPlace p;
  if (f.location && !f.location->file.empty() && f.location->line > 0) {
    p.file = f.location->file;
    p.line = f.location->line;
    p.column = f.location->column;
    return p;
  }
  p.file = f.input;
  p.line = 1;
  if (f.incident >= report.incident_base && f.incident - report.incident_base < report.incidents.size()) {
    p.line = static_cast<int64_t>(report.incidents[f.incident - report.incident_base].first_line);
  } else if (f.input_line) {
    p.line = static_cast<int64_t>(f.input_line);
  }
  return p;
}

std::string FirstLineOf(std::string_view s) {
  size_t nl = s.find('\n');
  return std::string(nl == std::string_view::npos ? s : s.substr(0, nl));
}

}  // namespace tbx
