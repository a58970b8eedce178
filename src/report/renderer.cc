#include "report/renderer.h"

namespace tbx {

const std::vector<RendererDef>& Renderers() {
  static const std::vector<RendererDef> kTable = {
      {"text", "an explanation for people (the default)", &RenderText},
      {"json", "the events and findings as one JSON document", &RenderJson},
      {"jsonl", "JSON Lines, one event or finding per line, streamed as incidents complete",
       &RenderJsonl, &StreamJsonl},
      {"quickfix", "file:line:col: severity: title [rule] lines for Vim, Emacs and VS Code", &RenderQuickfix},
      {"github", "GitHub Actions ::error annotations", &RenderGithub},
      {"sarif", "SARIF 2.1.0 for code-scanning tools", &RenderSarif},
      {"markdown", "a report to paste into an issue", &RenderMarkdown},
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
