#include "input/line_reader.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "input/literal_scan.h"
#include "input/mapped_file.h"
#include "util/strings.h"
#include "util/term.h"

namespace tbx {

FdSource::FdSource(int fd) : fd_(fd), regular_(IsRegularFile(fd)) {}

FdSource::~FdSource() = default;

MappedFile* FdSource::Map() {
  if (!regular_ || map_) return map_.get();
  struct stat st;
  if (lseek(fd_, 0, SEEK_CUR) != 0 || fstat(fd_, &st) != 0 || st.st_size < static_cast<off_t>(kMinMapped)) {
    return nullptr;
  }
  map_ = MappedFile::Map(fd_, static_cast<size_t>(st.st_size));
  if (map_ && lseek(fd_, st.st_size, SEEK_SET) != st.st_size) map_.reset();
  return map_.get();
}

void FdSource::Unmap() {
  if (!map_) return;
  map_.reset();
  lseek(fd_, 0, SEEK_SET);
}

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
  buf_.resize(std::max<size_t>(256 * 1024, 2 * max_line_) + kPage);
  data_ = buf_.data();
}

size_t LineReader::Front(size_t keep) const {
  if (encoding_ != Encoding::kUtf8) return 0;  // read elsewhere, then decoded
  size_t front = (bytes_read_ - keep - reinterpret_cast<uintptr_t>(buf_.data())) % kPage;
  return front + keep < buf_.size() ? front : 0;
}

namespace {

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Windows-1252's 0x80-0x9F; the rest of the high half is Latin-1.
const uint16_t kCp1252[32] = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                              0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                              0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                              0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

// True if `s` has bytes >= 0x80 and none of them form valid UTF-8: such a
// line is taken to be Windows-1252 (Latin-1) text.
bool LooksLikeCp1252(std::string_view s) {
  bool high = false;
  for (size_t i = 0; i < s.size(); ++i) {
    // Most lines are ASCII: pass over eight bytes at a time while none has
    // its high bit set.
    while (i + 8 <= s.size()) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) continue;
    high = true;
    size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len && i + len <= s.size() && IsValidUtf8(s.substr(i, len))) return false;
  }
  return high;
}

}  // namespace

void DecodeCp1252(std::string_view in, std::string* out) {
  out->clear();
  for (unsigned char c : in) {
    if (c < 0x80) {
      *out += static_cast<char>(c);
    } else if (c < 0xA0) {
      AppendUtf8(kCp1252[c - 0x80], out);
    } else {
      AppendUtf8(c, out);
    }
  }
}

long LineReader::ReadDecoded(char* dst, size_t n) {
  if (encoding_ == Encoding::kUtf8) {
    long got = source_.Read(dst, n, &error_);
    if (got > 0) bytes_read_ += static_cast<uint64_t>(got);
    return got;
  }
  // UTF-16: read code units, write UTF-8. Two bytes of UTF-16 make at most
  // three of UTF-8 (four make four), so read at most 2/3 of the room.
  std::string out;
  bool le = encoding_ == Encoding::kUtf16Le;
  while (out.empty()) {
    size_t want = std::max<size_t>(((n / 3) * 2) & ~size_t{1}, 2);
    raw_.assign(pending_);
    raw_.resize(pending_.size() + want);
    long got = source_.Read(raw_.data() + pending_.size(), want, &error_);
    if (got < 0) return got;
    bytes_read_ += static_cast<uint64_t>(got);
    size_t have = pending_.size() + static_cast<size_t>(got);
    bool at_end = got == 0;
    auto unit = [&](size_t k) -> uint32_t {
      unsigned char a = static_cast<unsigned char>(raw_[k]);
      unsigned char b = static_cast<unsigned char>(raw_[k + 1]);
      return le ? (a | (b << 8)) : ((a << 8) | b);
    };
    size_t i = 0;
    for (; i + 1 < have; i += 2) {
      uint32_t u = unit(i);
      if (u >= 0xD800 && u <= 0xDBFF) {
        if (i + 3 >= have && !at_end) break;  // the pair's second half is still to come
        uint32_t v = i + 3 < have ? unit(i + 2) : 0;
        if (v >= 0xDC00 && v <= 0xDFFF) {
          AppendUtf8(0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00), &out);
          i += 2;
          continue;
        }
        u = 0xFFFD;
      } else if (u >= 0xDC00 && u <= 0xDFFF) {
        u = 0xFFFD;
      }
      AppendUtf8(u, &out);
    }
    pending_.assign(raw_.data() + i, have - i);
    if (at_end) {
      if (!pending_.empty()) out += "\xEF\xBF\xBD";  // an odd byte at the very end
      pending_.clear();
      break;
    }
  }
  std::memcpy(dst, out.data(), out.size());
  return static_cast<long>(out.size());
}

// Reads the first bytes and decides the encoding from them: a UTF-16 byte
// order mark (what Windows PowerShell writes with `>`) or NUL in every other
// byte; a UTF-8 byte order mark is dropped.
long LineReader::Sniff(char* dst, size_t n) {
  sniffed_ = true;
  // Up to 64 bytes (or the end of input), however small the reads.
  long got = 0;
  while (got < 64) {
    long more = source_.Read(dst + got, std::min<size_t>(n, 4096) - static_cast<size_t>(got), &error_);
    if (more < 0) return more;
    if (more == 0) break;
    got += more;
  }
  if (got == 0) return 0;
  bytes_read_ += static_cast<uint64_t>(got);
  std::string_view head(dst, static_cast<size_t>(got));
  size_t bom = 0;
  encoding_ = DetectEncoding(head, &bom);
  if (encoding_ != Encoding::kUtf8) {
    pending_.assign(head.data() + bom, head.size() - bom);
    return ReadDecoded(dst, n);
  }
  if (bom) {
    std::memmove(dst, dst + bom, head.size() - bom);
    got -= static_cast<long>(bom);
  }
  return got;
}

LineReader::Encoding LineReader::DetectEncoding(std::string_view head, size_t* bom) {
  size_t pairs = std::min<size_t>(head.size(), 64) / 2;
  size_t zeros_even = 0, zeros_odd = 0;
  for (size_t i = 0; i < pairs; ++i) {
    zeros_even += head[2 * i] == 0;
    zeros_odd += head[2 * i + 1] == 0;
  }
  bool le_bom = head.starts_with("\xFF\xFE");
  bool be_bom = head.starts_with("\xFE\xFF");
  *bom = le_bom || be_bom ? 2 : head.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  if (le_bom || (pairs >= 4 && zeros_odd * 4 >= pairs * 3 && zeros_even == 0)) return Encoding::kUtf16Le;
  if (be_bom || (pairs >= 4 && zeros_even * 4 >= pairs * 3 && zeros_odd == 0)) return Encoding::kUtf16Be;
  return Encoding::kUtf8;
}

bool LineReader::StartMapped(MappedFile& map) {
  std::string_view head(map.data(), std::min<size_t>(map.size(), 64));
  size_t bom = 0;
  if (DetectEncoding(head, &bom) != Encoding::kUtf8) return false;
  sniffed_ = true;
  map_ = &map;
  data_ = map.data();
  end_ = map.size();
  begin_ = scan_pos_ = bom;
  hot_ = std::string_view::npos;
  bytes_read_ = map.size();
  return true;
}

bool LineReader::Fill() {
  if (eof_) return false;
  if (!sniffed_) {
    if (MappedFile* map = source_.Map()) {
      if (StartMapped(*map)) return true;
      source_.Unmap();
    }
  }
  if (map_) {
    // The end of the mapping: what is left of it goes into buf_ below, and
    // reading goes on from the source, with what was written since it was
    // mapped. The mapping stays until the source goes, its pages mostly
    // given back.
    if (map_->truncated()) {
      error_ = "the file shrank while it was read (truncated in place?)";
      eof_ = true;
      return false;
    }
    map_ = nullptr;
  }
  // Compact: move the unconsumed bytes to the front (Front) of buf_. Of a
  // mapping at most a line's worth is left: Next, SkipQuiet and Peek take a
  // longer stretch without a line end as a line to cut before they call
  // Fill (the bound only makes sure).
  const size_t keep = std::min(end_ - begin_, buf_.size());
  const size_t front = Front(keep);
  if (data_ + begin_ != buf_.data() + front) {
    std::memmove(buf_.data() + front, data_ + begin_, keep);
    scan_pos_ = scan_pos_ > begin_ ? scan_pos_ - begin_ + front : front;
    hot_ = hot_ != std::string_view::npos && hot_ >= begin_ ? hot_ - begin_ + front : std::string_view::npos;
    begin_ = front;
    end_ = front + keep;
    data_ = buf_.data();
  }
  if (end_ == buf_.size()) return false;  // Caller handles a full buffer.
  for (;;) {
    bool first = !sniffed_;
    long got = first ? Sniff(buf_.data() + end_, buf_.size() - end_)
                     : ReadDecoded(buf_.data() + end_, buf_.size() - end_);
    if (got > 0) {
      end_ += static_cast<size_t>(got);
      return true;
    }
    // A first read that held only a byte order mark: read on.
    if (got == 0 && first && bytes_read_ > 0) continue;
    eof_ = true;
    return false;
  }
}

void LineReader::Emit(size_t begin, size_t end, bool truncated, Line* line) {
  std::string_view raw(data_ + begin, end - begin);
  if (!truncated && !raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
  line->number = ++number_;
  line->raw = raw;
  line->truncated = truncated;
  std::string_view text = raw;
  if (LooksLikeCp1252(raw)) {
    DecodeCp1252(raw, &decoded_);
    text = decoded_;
  }
  if (std::memchr(text.data(), '\x1b', text.size())) {
    StripAnsi(text, &scratch_);
    line->text = scratch_;
  } else {
    line->text = text;
  }
}

bool LineReader::Next(Line* line) {
  if (map_) map_->Release(begin_);
  size_t scanned = 0;  // Bytes after begin_ already known to hold no '\n'.
  for (;;) {
    if (skipping_) {
      const char* nl = static_cast<const char*>(
          std::memchr(data_ + begin_, '\n', end_ - begin_));
      if (nl) {
        begin_ = static_cast<size_t>(nl - data_) + 1;
        skipping_ = false;
      } else {
        begin_ = scan_pos_ = end_;
        hot_ = std::string_view::npos;
        if (!Fill()) return false;
        continue;
      }
    }
    const char* start = data_ + begin_ + scanned;
    const char* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_ - scanned));
    if (nl) {
      size_t stop = static_cast<size_t>(nl - data_);
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

std::string_view LineReader::Peek(size_t want) {
  want = std::min(want, buf_.size());
  while (!skipping_ && end_ - begin_ < want && Fill()) {
  }
  // A mapped file is all there: as much of it as a buffer would hold.
  return std::string_view(data_ + begin_, std::min(end_ - begin_, buf_.size()));
}

uint64_t LineReader::SkipQuiet(const LiteralScanner& triggers, size_t keep) {
  constexpr size_t npos = std::string_view::npos;
  if (map_) map_->Release(begin_);
  uint64_t skipped = 0;
  // Passes over the lines in [begin_, to) but the last `keep`; `to` is a
  // line start, and `lines` the number of line ends before it.
  auto pass = [&](size_t to, size_t lines) {
    if (lines <= keep) return;
    size_t cut = to;
    for (size_t k = 0; k <= keep; ++k) {
      // The line end before `cut`: after keep + 1 of them, cut is the start
      // of the first kept line.
      const void* nl = memrchr(data_ + begin_, '\n', cut - begin_);
      cut = static_cast<size_t>(static_cast<const char*>(nl) - data_);
    }
    begin_ = cut + 1;
    number_ += lines - keep;
    skipped += lines - keep;
  };
  auto lines_in = [&](size_t from, size_t to) {
    return CountNewlines(std::string_view(data_ + from, to - from));
  };
  for (;;) {
    if (skipping_) return skipped;
    if (hot_ != npos && hot_ < begin_) hot_ = npos;  // Next has handed it out
    if (hot_ != npos) {
      pass(hot_, lines_in(begin_, hot_));
      return skipped;
    }
    scan_pos_ = std::max(scan_pos_, begin_);
    size_t lines = lines_in(begin_, scan_pos_);  // the few kept last time
    // Only whole lines are searched: a literal never spans a line end. The
    // search stops at an escape byte too, and counts the lines it passes.
    const void* last = memrchr(data_ + scan_pos_, '\n', end_ - scan_pos_);
    if (last) {
      size_t whole = static_cast<size_t>(static_cast<const char*>(last) - data_) + 1;
      LiteralScanner::Hit hit =
          triggers.FindOrStop(std::string_view(data_ + scan_pos_, whole - scan_pos_), '\x1b');
      lines += hit.newlines;
      if (hit.at != npos) {
        size_t abs = scan_pos_ + hit.at;
        const void* nl = memrchr(data_ + begin_, '\n', abs - begin_);
        hot_ = nl ? static_cast<size_t>(static_cast<const char*>(nl) - data_) + 1 : begin_;
        const void* end = std::memchr(data_ + abs, '\n', whole - abs);
        scan_pos_ = static_cast<size_t>(static_cast<const char*>(end) - data_) + 1;
        pass(hot_, lines);
        return skipped;
      }
      scan_pos_ = whole;
    }
    pass(scan_pos_, lines);
    if (end_ - begin_ > max_line_ || !Fill()) return skipped;
  }
}

}  // namespace tbx
