// --format json: the JSON contract (docs/json.md).
#include "report/json_parts.h"
#include "report/renderer.h"

namespace tbx {
namespace {

void WriteLocation(JsonWriter& w, const std::optional<Location>& loc) {
  if (!loc) {
    w.Null();
    return;
  }
  w.BeginObject();
  w.Key("file");
  w.String(loc->file);
  w.Key("line");
  if (loc->line) w.Int(loc->line); else w.Null();
  w.Key("column");
  if (loc->column) w.Int(loc->column); else w.Null();
  w.EndObject();
}

void WriteFrame(JsonWriter& w, const Frame& f, bool rust) {
  w.BeginObject();
  if (rust) {
    w.Key("index");
    w.Int(f.index);
  }
  w.Key("file");
  if (f.file.empty()) w.Null(); else w.String(f.file);
  w.Key("line");
  if (f.line) w.Int(f.line); else w.Null();
  if (rust) {
    w.Key("column");
    if (f.column) w.Int(f.column); else w.Null();
  }
  w.Key("function");
  w.String(f.function);
  if (!rust) {
    w.Key("code");
    if (f.code.empty()) w.Null(); else w.String(f.code);
  }
  w.Key("origin");
  w.String(OriginName(f.origin));
  if (f.repeated) {
    w.Key("repeated");
    w.Int(f.repeated);
  }
  w.EndObject();
}

void WriteFrames(JsonWriter& w, const FrameList& frames, bool rust) {
  w.Key("frames");
  w.BeginArray();
  for (const auto& f : frames.frames()) WriteFrame(w, f, rust);
  w.EndArray();
  if (frames.elided()) {
    w.Key("elided_frames");
    w.Int(static_cast<int64_t>(frames.elided()));
  }
}

}  // namespace

void WriteEventFields(JsonWriter& w, const Event& e) {
  w.Key("kind");
  w.String(e.kind);
  w.Key("input");
  w.String(e.input);
  w.Key("first_line");
  w.Int(static_cast<int64_t>(e.first_line));
  w.Key("last_line");
  w.Int(static_cast<int64_t>(e.last_line));
  w.Key("partial");
  w.Bool(e.partial);
  if (e.partial) {
    w.Key("partial_reason");
    w.String(e.partial_reason);
  }
  if (!e.test.empty()) {
    w.Key("test");
    w.String(e.test);
  }
  if (e.kind == kPythonTraceback) {
    if (e.elided_exceptions) {
      w.Key("elided_exceptions");
      w.Int(static_cast<int64_t>(e.elided_exceptions));
    }
    w.Key("exceptions");
    w.BeginArray();
    for (const auto& x : e.exceptions) {
      w.BeginObject();
      w.Key("type");
      w.String(x.type);
      w.Key("message");
      w.String(x.message);
      w.Key("chain");
      if (x.chain == Chain::kNone) w.Null(); else w.String(ChainName(x.chain));
      w.Key("depth");
      w.Int(x.depth);
      if (x.location) {
        w.Key("location");
        WriteFrame(w, *x.location, false);
      }
      WriteFrames(w, x.frames, false);
      w.EndObject();
    }
    w.EndArray();
  } else if (e.kind == kRustPanic || e.kind == kRustError) {
    if (e.kind == kRustPanic) {
      w.Key("thread");
      w.String(e.thread);
    } else {
      w.Key("causes");
      w.BeginArray();
      for (const auto& c : e.causes) w.String(c);
      w.EndArray();
    }
    w.Key("message");
    w.String(e.message);
    w.Key("location");
    WriteLocation(w, e.location);
    WriteFrames(w, e.frames, true);
  } else if (e.kind == kDiagnostic) {
    w.Key("tool");
    w.String(e.tool);
    w.Key("level");
    w.String(e.level);
    w.Key("code");
    if (e.code.empty()) w.Null(); else w.String(e.code);
    w.Key("message");
    w.String(e.message);
    w.Key("location");
    WriteLocation(w, e.location);
  }
}

void WriteInputs(JsonWriter& w, const Report& report) {
  w.Key("inputs");
  w.BeginArray();
  for (const auto& in : report.inputs) {
    w.BeginObject();
    w.Key("name");
    w.String(in.name);
    w.Key("lines");
    w.Int(static_cast<int64_t>(in.lines));
    if (!in.error.empty()) {
      w.Key("error");
      w.String(in.error);
    }
    w.EndObject();
  }
  w.EndArray();
}

void WriteFindingFields(JsonWriter& w, const ReportFinding& f) {
  w.Key("rule");
  w.String(f.rule);
  w.Key("title");
  w.String(f.title);
  w.Key("severity");
  w.String(f.severity);
  w.Key("incident");
  w.Int(static_cast<int64_t>(f.incident));
  w.Key("events");
  w.BeginArray();
  for (size_t i : f.events) w.Int(static_cast<int64_t>(i));
  w.EndArray();
  w.Key("location");
  WriteLocation(w, f.location);
  w.Key("explanation");
  w.String(f.explanation);
  w.Key("remediation");
  w.BeginArray();
  for (const auto& s : f.remediation) {
    w.BeginObject();
    w.Key("text");
    w.String(s.text);
    w.Key("command");
    if (s.command) w.String(*s.command); else w.Null();
    w.EndObject();
  }
  w.EndArray();
  w.Key("references");
  w.BeginArray();
  for (const auto& r : f.references) w.String(r);
  w.EndArray();
}

namespace {

void WriteFrameOrNull(JsonWriter& w, const std::optional<Frame>& f) {
  if (!f) {
    w.Null();
    return;
  }
  WriteFrame(w, *f, f->index >= 0);
}

}  // namespace

void RenderJson(const Report& report, const RenderOptions& /*options*/, std::ostream& out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key("version");
  w.Int(1);
  WriteInputs(w, report);
  w.Key("events");
  w.BeginArray();
  for (const auto& e : report.events) {
    w.BeginObject();
    WriteEventFields(w, e);
    w.EndObject();
  }
  w.EndArray();
  w.Key("incidents");
  w.BeginArray();
  for (const auto& inc : report.incidents) {
    w.BeginObject();
    w.Key("input");
    w.String(inc.input);
    w.Key("first_line");
    w.Int(static_cast<int64_t>(inc.first_line));
    w.Key("last_line");
    w.Int(static_cast<int64_t>(inc.last_line));
    w.Key("partial");
    w.Bool(inc.partial);
    w.Key("events");
    w.BeginArray();
    for (size_t i : inc.events) w.Int(static_cast<int64_t>(i));
    w.EndArray();
    w.Key("user_frame");
    WriteFrameOrNull(w, inc.user_frame);
    w.Key("broke_frame");
    WriteFrameOrNull(w, inc.broke_frame);
    w.Key("facts");
    w.BeginObject();
    for (const auto& [name, values] : inc.facts) {
      w.KeyFrom(name);
      w.BeginArray();
      for (const auto& v : values) w.String(v);
      w.EndArray();
    }
    w.EndObject();
    w.Key("findings");
    w.BeginArray();
    for (size_t i : inc.findings) w.Int(static_cast<int64_t>(i));
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("findings");
  w.BeginArray();
  for (const auto& f : report.findings) {
    w.BeginObject();
    WriteFindingFields(w, f);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  out << '\n';
}

}  // namespace tbx
