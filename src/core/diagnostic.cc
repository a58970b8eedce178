#include "core/diagnostic.h"

#include "util/term.h"

namespace tbx {

std::string Diag::Format() const {
  std::string out = Printable(file);
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  out += ": error: " + Printable(message);
  if (!hint.empty()) out += "\n  hint: " + Printable(hint);
  return out;
}

}  // namespace tbx
