// Log and container prefixes in front of error output: CI timestamps,
// `docker compose` service names, `kubectl logs --prefix`, journald and
// syslog headers. The splitter removes them before the recognizers see a
// line, so a traceback in a CI log parses like one pasted from a terminal.
//
// Each kind is one row of a table; several may stack ("web-1  | 2024-...Z ").
#pragma once

#include <string_view>
#include <vector>

namespace tbx {

struct PrefixDef {
  std::string_view name;
  /// Length of this kind of prefix at the start of `text`, or 0.
  size_t (*match)(std::string_view text);
};

/// The table of known prefixes.
const std::vector<PrefixDef>& Prefixes();

/// Total length of the known prefixes at the start of `text` (0 if none).
size_t PrefixLength(std::string_view text);

}  // namespace tbx
