// tbexplain's own errors, as values with a location: a bad rule file, an
// unreadable input. Printed GNU style, `file:line:col: error: message`, then
// an indented `hint:` line when there is one.
#pragma once

#include <string>

namespace tbx {

struct Diag {
  std::string file;
  int line = 0;    ///< 1-based; 0 when unknown
  int column = 0;  ///< 1-based; 0 when unknown
  std::string message;
  std::string hint;

  /// `file:line:col: error: message` (+ "\n  hint: ..."), no final newline.
  std::string Format() const;
};

}  // namespace tbx
