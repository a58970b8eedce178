// A regular file mapped into memory whole, for the line reader to scan in
// place: reading a log with `read` had the kernel copy every byte into a
// buffer first, a third of the run when the log has few errors
// (docs/performance.md). The pages behind the reader are given back as it
// goes (Release), so that memory stays flat whatever the file's size.
//
// A file that shrinks while it is mapped (a log rotated by truncation)
// would make touching its lost pages raise SIGBUS and kill the process. A
// handler, installed with the first mapping, maps zeros over the lost part
// instead and notes it: the reader then reports the truncation as an error.
//
// Example:
//   std::unique_ptr<MappedFile> m = MappedFile::Map(fd, size);
//   if (m) Scan(std::string_view(m->data(), m->size()));
#pragma once

#include <cstddef>
#include <memory>

namespace tbx {

class MappedFile {
 public:
  /// Maps the first `size` bytes of `fd` (a regular file) for reading;
  /// null if that fails or too many files are mapped at once.
  static std::unique_ptr<MappedFile> Map(int fd, size_t size);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const char* data() const { return data_; }
  size_t size() const { return size_; }

  /// Gives back the whole pages before `offset`, a few MiB at a time; the
  /// bytes stay readable (from the page cache) should they be touched again.
  void Release(size_t offset);

  /// True if part of the file vanished while it was mapped: from there on
  /// its bytes read as zeros.
  bool truncated() const;

 private:
  MappedFile(char* data, size_t size, int slot) : data_(data), size_(size), slot_(slot) {}

  char* data_;
  size_t size_;
  size_t released_ = 0;
  int slot_;  // in the SIGBUS handler's table
};

}  // namespace tbx
