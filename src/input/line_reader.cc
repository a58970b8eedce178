#include "input/line_reader.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace tbx {

long FdSource::Read(char* buf, size_t n, std::string* error) {
  for (;;) {
    ssize_t got = ::read(fd_, buf, n);
    if (got >= 0) return static_cast<long>(got);
    if (errno == EINTR) continue;
    *error = std::strerror(errno);
    return -1;
  }
}

long StringSource::Read(char* buf, size_t n, std::string* /*error*/) {
  size_t k = std::min({n, chunk_, data_.size() - pos_});
  std::memcpy(buf, data_.data() + pos_, k);
  pos_ += k;
  return static_cast<long>(k);
}

void StripAnsi(std::string_view in, std::string* out) {
  out->clear();
  size_t i = 0;
  while (i < in.size()) {
    const char* esc = static_cast<const char*>(std::memchr(in.data() + i, '\x1b', in.size() - i));
    size_t stop = esc ? static_cast<size_t>(esc - in.data()) : in.size();
    out->append(in.data() + i, stop - i);
    if (!esc) break;
    i = stop + 1;
    if (i >= in.size()) break;
    char kind = in[i];
    if (kind == '[') {
      // CSI: parameters and intermediates, then one final byte 0x40-0x7E.
      ++i;
      while (i < in.size() && static_cast<unsigned char>(in[i]) >= 0x20 &&
             static_cast<unsigned char>(in[i]) <= 0x3F) {
        ++i;
      }
      while (i < in.size() && static_cast<unsigned char>(in[i]) >= 0x20 &&
             static_cast<unsigned char>(in[i]) <= 0x2F) {
        ++i;
      }
      if (i < in.size() && static_cast<unsigned char>(in[i]) >= 0x40 &&
          static_cast<unsigned char>(in[i]) <= 0x7E) {
        ++i;
      }
    } else if (kind == ']' || kind == 'P' || kind == '_' || kind == '^') {
      // OSC, DCS, APC, PM: up to BEL or ST (ESC \).
      ++i;
      while (i < in.size()) {
        if (in[i] == '\x07') {
          ++i;
          break;
        }
        if (in[i] == '\x1b' && i + 1 < in.size() && in[i + 1] == '\\') {
          i += 2;
          break;
        }
        ++i;
      }
    } else {
      // nF sequences (ESC ( B, ESC ) 0): intermediates 0x20-0x2F, then one
      // final byte; otherwise a two-byte sequence such as ESC = or ESC M.
      while (i < in.size() && static_cast<unsigned char>(in[i]) >= 0x20 &&
             static_cast<unsigned char>(in[i]) <= 0x2F) {
        ++i;
      }
      if (i < in.size()) ++i;
    }
  }
}

LineReader::LineReader(ByteSource& source, size_t max_line)
    : source_(source), max_line_(std::max<size_t>(max_line, 16)) {
  buf_.resize(std::max<size_t>(256 * 1024, 2 * max_line_));
}

bool LineReader::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    // Compact: move the unconsumed bytes to the front.
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buf_.size()) return false;  // Caller handles a full buffer.
  long got = source_.Read(buf_.data() + end_, buf_.size() - end_, &error_);
  if (got <= 0) {
    eof_ = true;
    return false;
  }
  end_ += static_cast<size_t>(got);
  bytes_read_ += static_cast<uint64_t>(got);
  return true;
}

void LineReader::Emit(size_t begin, size_t end, bool truncated, Line* line) {
  std::string_view raw(buf_.data() + begin, end - begin);
  if (!truncated && !raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
  line->number = ++number_;
  line->raw = raw;
  line->truncated = truncated;
  if (std::memchr(raw.data(), '\x1b', raw.size())) {
    StripAnsi(raw, &scratch_);
    line->text = scratch_;
  } else {
    line->text = raw;
  }
}

bool LineReader::Next(Line* line) {
  size_t scanned = 0;  // Bytes after begin_ already known to hold no '\n'.
  for (;;) {
    if (skipping_) {
      const char* nl = static_cast<const char*>(
          std::memchr(buf_.data() + begin_, '\n', end_ - begin_));
      if (nl) {
        begin_ = static_cast<size_t>(nl - buf_.data()) + 1;
        skipping_ = false;
      } else {
        begin_ = end_ = 0;
        if (!Fill()) return false;
        continue;
      }
    }
    const char* start = buf_.data() + begin_ + scanned;
    const char* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_ - scanned));
    if (nl) {
      size_t stop = static_cast<size_t>(nl - buf_.data());
      size_t from = begin_;
      if (stop - from > max_line_) {
        Emit(from, from + max_line_, true, line);
      } else {
        Emit(from, stop, false, line);
      }
      begin_ = stop + 1;
      return true;
    }
    scanned = end_ - begin_;
    if (scanned > max_line_) {
      // A line longer than the limit: hand out its start, skip the rest.
      size_t from = begin_;
      Emit(from, from + max_line_, true, line);
      // The view stays valid: skipping starts on the next call, and Fill()
      // only moves bytes then.
      begin_ = end_;
      skipping_ = true;
      return true;
    }
    if (!Fill()) {
      if (!error_.empty()) return false;
      if (end_ > begin_) {
        // Last line without a final newline.
        size_t from = begin_;
        Emit(from, end_, false, line);
        begin_ = end_;
        return true;
      }
      return false;
    }
    // `scanned` still counts from begin_: compaction moved both together.
  }
}

}  // namespace tbx
