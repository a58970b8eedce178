// An output stream buffer on a file descriptor, 64 KiB at a time.
//
// std::cout writes each piece of 1 KiB or more with a system call of its
// own (libstdc++'s filebuf does, to save copying it): a JSON Lines event
// is one such piece, so a log of a few thousand incidents cost as many
// calls. This buffer gathers what is written until it is full or flushed.
//
// Example:
//   FdStreambuf buf(1);
//   std::ostream out(&buf);
//   out << "hello\n";
//   out.flush();  // one write(2)
#pragma once

#include <array>
#include <streambuf>

namespace tbx {

class FdStreambuf : public std::streambuf {
 public:
  explicit FdStreambuf(int fd);
  ~FdStreambuf() override;
  FdStreambuf(const FdStreambuf&) = delete;
  FdStreambuf& operator=(const FdStreambuf&) = delete;

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  // Writes all of [s, s + n); false on an error (a closed pipe among them).
  bool WriteAll(const char* s, size_t n);
  bool Drain();  // writes what is buffered

  int fd_;
  std::array<char, 64 * 1024> buf_;
};

}  // namespace tbx
