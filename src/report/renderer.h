// The output formats. Each is one function over the Report and one row in
// the table; adding a format touches nothing else.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "report/report.h"

namespace tbx {

struct RenderOptions {
  bool color = false;
  bool brief = false;  ///< text: one line per incident
  size_t width = 0;  ///< wrap text to this many columns; 0: no wrapping
  /// Streaming formats: flush the output after each incident, for whoever
  /// reads it as it comes (a pipe, a terminal); not to a regular file.
  bool flush_each = true;
};

struct RendererDef {
  std::string_view name;
  std::string_view description;
  void (*render)(const Report& report, const RenderOptions& options, std::ostream& out);
  /// Streaming formats: called as each incident completes, with a report
  /// that holds that incident alone; `render` then writes what is left.
  void (*stream)(const Report& report, const RenderOptions& options, std::ostream& out) = nullptr;
};

/// Every output format, in the order `--help` lists them.
const std::vector<RendererDef>& Renderers();
const RendererDef* FindRenderer(std::string_view name);

void RenderText(const Report& report, const RenderOptions& options, std::ostream& out);
void RenderJson(const Report& report, const RenderOptions& options, std::ostream& out);
void RenderEvents(const Report& report, const RenderOptions& options, std::ostream& out);
void RenderQuickfix(const Report& report, const RenderOptions& options, std::ostream& out);
void RenderGithub(const Report& report, const RenderOptions& options, std::ostream& out);
void RenderSarif(const Report& report, const RenderOptions& options, std::ostream& out);
void RenderMarkdown(const Report& report, const RenderOptions& options, std::ostream& out);
void RenderJsonl(const Report& report, const RenderOptions& options, std::ostream& out);
void StreamJsonl(const Report& report, const RenderOptions& options, std::ostream& out);

}  // namespace tbx
