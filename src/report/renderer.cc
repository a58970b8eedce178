#include "report/renderer.h"

namespace tbx {

const std::vector<RendererDef>& Renderers() {
  static const std::vector<RendererDef> kTable = {
      {"text", "an explanation for people (the default)", &RenderText},
      {"json", "the events and findings as one JSON document", &RenderJson},
      {"events", "what the parser saw: events, frames, incidents, facts (for rule authors)",
       &RenderEvents},
  };
  return kTable;
}

const RendererDef* FindRenderer(std::string_view name) {
  for (const auto& r : Renderers()) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

}  // namespace tbx
