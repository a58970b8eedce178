// Fuzz target: arbitrary bytes, in arbitrary chunks, through the whole
// pipeline (line reader, recognizers, incidents, the built-in rules, every
// renderer). The first two bytes choose the read size.
#include <cstdint>
#include <sstream>
#include <string>

#include "app/analyze.h"
#include "app/run.h"
#include "report/redact.h"
#include "report/renderer.h"
#include "rules/loader.h"

namespace {

const tbx::RuleSet& Rules() {
  static const tbx::RuleSet kRules = [] {
    tbx::RuleSet rules;
    std::vector<tbx::Rule> layer;
    std::vector<tbx::Diag> errors;
    tbx::LoadRuleDir(std::string(TBEXPLAIN_SOURCE_DIR) + "/rules", &layer, &errors);
    rules.AddLayer(std::move(layer));
    return rules;
  }();
  return kRules;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  size_t chunk = 1;
  if (size >= 2) {
    chunk = 1 + ((data[0] << 8) | data[1]) % 8192;
    data += 2;
    size -= 2;
  }
  tbx::StringSource src(std::string(reinterpret_cast<const char*>(data), size), chunk);
  tbx::Report report;
  tbx::ReportBuilder builder(&report);
  report.inputs.push_back(tbx::Analyze("fuzz", src, Rules(), builder));
  builder.Finish();
  if (chunk % 3 == 0) tbx::RedactReport(&report);
  for (const auto& def : tbx::Renderers()) {
    std::ostringstream out;
    tbx::RenderOptions options;
    options.brief = chunk % 2 == 0;
    options.width = chunk % 120;
    def.render(report, options, out);
  }
  return 0;
}
