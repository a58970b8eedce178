#include "parse/pywarning.h"

#include <cctype>

#include "util/strings.h"

namespace tbx {
namespace pywarning {

std::optional<WarningLine> Parse(std::string_view text) {
  // The category is the last ": XxxWarning: " in the line before the message;
  // the path may hold colons (C:\...), so search for the category first.
  size_t pos = text.find("Warning: ");
  while (pos != std::string_view::npos) {
    size_t start = pos;
    while (start > 0 && (IsAsciiAlnum(text[start - 1]) ||
                         text[start - 1] == '_' || text[start - 1] == '.')) {
      --start;
    }
    if (start >= 2 && text[start - 1] == ' ' && text[start - 2] == ':' &&
        IsAsciiUpper(text[start])) {
      std::string_view head = text.substr(0, start - 2);  // path:LINE
      size_t colon = head.rfind(':');
      if (colon != std::string_view::npos && colon > 0) {
        auto n = ParseUint(head.substr(colon + 1));
        if (n) {
          WarningLine w;
          w.file = head.substr(0, colon);
          w.line = *n;
          w.category = text.substr(start, pos + 7 - start);
          w.message = text.substr(pos + 9);
          if (w.file.find(' ') == std::string_view::npos || w.file.find('/') != std::string_view::npos ||
              w.file.find('\\') != std::string_view::npos) {
            return w;
          }
        }
      }
    }
    pos = text.find("Warning: ", pos + 1);
  }
  return std::nullopt;
}

}  // namespace pywarning

bool PythonWarningRecognizer::Detects(const Line& line) const {
  std::string_view t = line.text;
  if (t.empty() || t[0] == ' ' || t.find("Warning: ") == std::string_view::npos) return false;
  return pywarning::Parse(t).has_value();
}

Step PythonWarningRecognizer::Start(const Line& line) {
  ev_ = Event();
  ev_.kind = std::string(kDiagnostic);
  auto w = pywarning::Parse(line.text);
  ev_.tool = "python";
  ev_.level = "warning";
  ev_.code = std::string(w->category);
  AppendBounded(w->message, kMaxMessageBytes, &ev_.message);
  ev_.location = Location{std::string(w->file), w->line, 0};
  have_source_ = false;
  return Step::kConsumed;
}

Step PythonWarningRecognizer::Next(const Line& line, const SplitContext& ctx) {
  // One indented source line may follow.
  if (!have_source_ && LeadingSpaces(line.text) >= 2 && !Trim(line.text).empty() &&
      !ctx.StartsOther(line)) {
    have_source_ = true;
    return Step::kDone;
  }
  return Step::kEnd;
}

Event PythonWarningRecognizer::Take() {
  Event out = std::move(ev_);
  ev_ = Event();
  return out;
}

}  // namespace tbx
