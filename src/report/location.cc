#include "report/location.h"

#include "util/strings.h"

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

std::string FirstLineOf(std::string_view s, size_t* more) {
  // A message that starts on the next line (`RuntimeError:` then an
  // indented paragraph) is shown from its first non-blank line.
  size_t start = 0;
  while (true) {
    size_t nl = s.find('\n', start);
    if (nl == std::string_view::npos || !Trim(s.substr(start, nl - start)).empty()) break;
    start = nl + 1;
  }
  std::string_view rest = s.substr(start);
  size_t nl = rest.find('\n');
  std::string_view line = nl == std::string_view::npos ? rest : rest.substr(0, nl);
  if (more) {
    *more = 0;
    if (nl != std::string_view::npos) {
      for (char c : rest.substr(nl)) *more += c == '\n';
    }
  }
  return std::string(start > 0 ? Trim(line) : line);
}

}  // namespace tbx
