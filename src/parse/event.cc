#include "parse/event.h"

#include <algorithm>

#include "util/strings.h"

namespace tbx {

std::string_view OriginName(Origin o) {
  switch (o) {
    case Origin::kUser: return "user";
    case Origin::kLibrary: return "library";
    case Origin::kStdlib: return "stdlib";
    case Origin::kUnknown: break;
  }
  return "unknown";
}

std::string_view ChainName(Chain c) {
  switch (c) {
    case Chain::kCause: return "cause";
    case Chain::kContext: return "context";
    case Chain::kNone: break;
  }
  return "";
}

void FrameList::Add(Frame f) {
  if (frames_.size() < 2 * kHead) {
    frames_.push_back(std::move(f));
    return;
  }
  // Full: the tail is a ring over frames_[kHead, 2*kHead).
  frames_[kHead + tail_start_] = std::move(f);
  tail_start_ = (tail_start_ + 1) % kHead;
  ++elided_;
}

Frame* FrameList::last() {
  if (frames_.empty()) return nullptr;
  if (elided_ == 0) return &frames_.back();
  return &frames_[kHead + (tail_start_ + kHead - 1) % kHead];
}

void FrameList::Linearize() {
  if (tail_start_ == 0) return;
  std::rotate(frames_.begin() + kHead, frames_.begin() + kHead + tail_start_, frames_.end());
  tail_start_ = 0;
}

std::string CapField(std::string_view s) {
  std::string out;
  AppendBounded(s, kMaxFieldBytes, &out);
  return out;
}

void AppendMessageLine(std::string_view line, std::string* message, bool* truncated) {
  if (*truncated) return;
  size_t lines = static_cast<size_t>(std::count(message->begin(), message->end(), '\n')) + 1;
  if (!message->empty() && lines >= kMaxMessageLines) {
    *truncated = true;
    return;
  }
  std::string piece;
  if (!message->empty() || lines > 1) piece += '\n';
  piece += line;
  if (message->size() + piece.size() > kMaxMessageBytes) {
    AppendBounded(piece, kMaxMessageBytes - std::min(message->size(), kMaxMessageBytes), message);
    *truncated = true;
    return;
  }
  *message += piece;
}

std::vector<const Frame*> FramesInnermostFirst(const Event& e) {
  std::vector<const Frame*> out;
  if (e.kind == kPythonTraceback) {
    for (auto it = e.exceptions.rbegin(); it != e.exceptions.rend(); ++it) {
      if (it->location) out.push_back(&*it->location);
      if (it->frames.empty()) {
        if (it->location) break;
        continue;
      }
      const auto& fs = it->frames.frames();
      for (auto f = fs.rbegin(); f != fs.rend(); ++f) out.push_back(&*f);
      break;
    }
    return out;
  }
  for (const auto& f : e.frames.frames()) out.push_back(&f);
  return out;
}

}  // namespace tbx
