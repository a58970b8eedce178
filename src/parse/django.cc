#include "parse/django.h"

#include "parse/origin.h"
#include "parse/python.h"
#include "util/strings.h"

namespace tbx {
namespace django {

std::optional<Frame> ParseLocation(std::string_view text) {
  std::string_view s = Trim(text);
  size_t comma = s.rfind(", line ");
  if (comma == std::string_view::npos) return std::nullopt;
  auto n = ParseUint(Trim(s.substr(comma + 7)));
  if (!n) return std::nullopt;
  std::string_view head = s.substr(0, comma);
  size_t in = head.rfind(" in ");
  if (in == std::string_view::npos || in == 0) return std::nullopt;
  Frame f;
  f.file = std::string(head.substr(0, in));
  f.function = std::string(head.substr(in + 4));
  f.line = *n;
  f.origin = ClassifyPythonFile(f.file);
  if (f.file.find('/') == std::string::npos && f.file.find('\\') == std::string::npos) {
    return std::nullopt;
  }
  return f;
}

}  // namespace django

namespace {

// The value of a `Label: value` or `Label: | value` or `Label\tvalue` row.
std::optional<std::string_view> Row(std::string_view text, std::string_view label) {
  std::string_view s = Trim(text);
  if (s.starts_with("| ")) s = TrimLeft(s.substr(2));
  if (!s.starts_with(label)) return std::nullopt;
  s.remove_prefix(label.size());
  if (s.starts_with(":")) s.remove_prefix(1);
  s = TrimLeft(s);
  if (s.starts_with("|")) s = TrimLeft(s.substr(1));
  if (s.ends_with("|")) s = TrimRight(s.substr(0, s.size() - 1));
  return s;
}

constexpr int kMaxLines = 40;

}  // namespace

bool DjangoPageRecognizer::Detects(const Line& line) const {
  std::string_view s = TrimLeft(line.text);
  if (s.starts_with("| ")) s = s.substr(2);
  return s.starts_with("Django Version:") || s.starts_with("Django Version\t");
}

Step DjangoPageRecognizer::Start(const Line& line) {
  ev_ = Event();
  ev_.kind = std::string(kPythonTraceback);
  ev_.exceptions.emplace_back();
  ev_.exceptions.back().input_line = line.number;
  lines_ = 0;
  have_type_ = have_value_ = have_location_ = false;
  return Step::kConsumed;
}

Step DjangoPageRecognizer::Next(const Line& line, const SplitContext& ctx) {
  if (++lines_ > kMaxLines) return Step::kEnd;
  std::string_view t = Trim(line.text);
  Exception& e = ev_.exceptions.back();
  if (auto v = Row(t, "Exception Type")) {
    e.type = std::string(*v);
    // "TypeError at /path": the page adds the request path.
    if (size_t at = e.type.find(" at "); at != std::string::npos) e.type.resize(at);
    have_type_ = true;
    return Step::kConsumed;
  }
  if (auto v = Row(t, "Exception Value")) {
    AppendBounded(*v, kMaxMessageBytes, &e.message);
    have_value_ = true;
    return Step::kConsumed;
  }
  if (auto v = Row(t, "Exception Location")) {
    if (auto f = django::ParseLocation(*v)) {
      f->input_line = line.number;
      e.frames.Add(std::move(*f));
      have_location_ = true;
    }
    return have_location_ ? Step::kDone : Step::kConsumed;
  }
  // Unlabelled values, in the table's order: type, value, location.
  if (!have_type_) {
    auto x = python::ParseExceptionLine(t);
    if (x && !x->has_message && python::IsBareExceptionLine(t)) {
      e.type = std::string(x->type);
      have_type_ = true;
      return Step::kConsumed;
    }
    // A traceback (the page's copy-and-paste view) is the Python
    // recognizer's; Request Method, URL and markdown rules are skipped.
    return ctx.StartsOther(line) ? Step::kEnd : Step::kConsumed;
  }
  if (!have_value_) {
    if (t.empty()) return Step::kConsumed;
    if (ctx.StartsOther(line)) return Step::kEnd;
    AppendBounded(t, kMaxMessageBytes, &e.message);
    have_value_ = true;
    return Step::kConsumed;
  }
  if (!have_location_) {
    if (auto f = django::ParseLocation(t)) {
      f->input_line = line.number;
      e.frames.Add(std::move(*f));
      have_location_ = true;
      return Step::kDone;
    }
  }
  return Step::kEnd;
}

Event DjangoPageRecognizer::Take() {
  if (!have_type_ || !have_location_) {
    ev_.partial = true;
    ev_.partial_reason = have_type_ ? "the exception location is missing" : "the exception type is missing";
  }
  ev_.exceptions.back().frames.Finish();
  Event out = std::move(ev_);
  ev_ = Event();
  return out;
}

}  // namespace tbx
