// The table of recognizers. Adding a format is one recognizer file and one
// row here. Order matters: when two recognizers detect the same line, the
// earlier row wins.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "parse/recognizer.h"

namespace tbx {

struct RecognizerDef {
  std::string_view name;
  std::string_view description;
  std::unique_ptr<Recognizer> (*make)();
};

/// Every recognizer, in priority order.
const std::vector<RecognizerDef>& Recognizers();

}  // namespace tbx
