// Fuzz target: placeholder expansion. The input is split at the first NUL
// into a template and a capture value; parsing reports errors as values and
// expansion never re-reads what it inserts.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "rules/template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string all(reinterpret_cast<const char*>(data), size);
  size_t nul = all.find('\0');
  std::string text = all.substr(0, nul);
  std::string value = nul == std::string::npos ? "" : all.substr(nul + 1);
  std::string error;
  size_t offset = 0;
  auto t = tbx::Template::Parse(text, &error, &offset);
  if (!t) {
    if (offset > text.size()) std::abort();
    return 0;
  }
  tbx::Captures caps;
  tbx::Facts facts;
  for (const auto& p : t->placeholders()) {
    if (p.is_fact) facts[p.name] = {value};
    else caps[p.name] = value;
  }
  std::string out = t->Expand(caps, facts);
  // Each placeholder inserts the value once: the output is bounded.
  if (out.size() > text.size() + t->placeholders().size() * (value.size() + text.size())) std::abort();
  return 0;
}
