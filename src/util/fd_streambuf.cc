#include "util/fd_streambuf.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tbx {

FdStreambuf::FdStreambuf(int fd) : fd_(fd) { setp(buf_.data(), buf_.data() + buf_.size()); }

FdStreambuf::~FdStreambuf() { Drain(); }

bool FdStreambuf::WriteAll(const char* s, size_t n) {
  while (n > 0) {
    ssize_t wrote = ::write(fd_, s, n);
    if (wrote < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    s += wrote;
    n -= static_cast<size_t>(wrote);
  }
  return true;
}

bool FdStreambuf::Drain() {
  const size_t n = static_cast<size_t>(pptr() - pbase());
  setp(buf_.data(), buf_.data() + buf_.size());
  return WriteAll(buf_.data(), n);
}

FdStreambuf::int_type FdStreambuf::overflow(int_type c) {
  if (!Drain()) return traits_type::eof();
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  *pptr() = traits_type::to_char_type(c);
  pbump(1);
  return c;
}

std::streamsize FdStreambuf::xsputn(const char* s, std::streamsize n) {
  const auto size = static_cast<size_t>(n);
  if (size > static_cast<size_t>(epptr() - pptr())) {
    // It does not fit: the buffer goes out, and then a piece as large as
    // the buffer goes out at once, a smaller one into the buffer.
    if (!Drain()) return 0;
    if (size >= buf_.size()) return WriteAll(s, size) ? n : 0;
  }
  std::memcpy(pptr(), s, size);
  pbump(static_cast<int>(size));
  return n;
}

int FdStreambuf::sync() { return Drain() ? 0 : -1; }

}  // namespace tbx
