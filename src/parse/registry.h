// The table of recognizers. Adding a format is one recognizer file and one
// row here. Order matters: when two recognizers detect the same line, the
// earlier row wins.
#pragma once

#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "parse/recognizer.h"

namespace tbx {

struct RecognizerDef {
  std::string_view name;
  std::string_view description;
  std::unique_ptr<Recognizer> (*make)();
  /// Literals one of which a line must hold for Detects to hold: the
  /// recognizer's kTriggers.
  std::span<const std::string_view> triggers;
};

/// Every recognizer, in priority order.
const std::vector<RecognizerDef>& Recognizers();

}  // namespace tbx
