// The outcome of an infrastructure step (IR verification, JIT compilation):
// success, or an error with its message. Unlike a std::string where ""
// means success, an error cannot be mistaken for success by its text.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace intent::runtime {

class [[nodiscard]] Status {
 public:
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message)); }

  bool ok() const { return !failed_; }
  // Empty when ok().
  const std::string& message() const { return message_; }
  // The same status, its message preceded by `prefix` ("IR: ...").
  Status Prefixed(std::string_view prefix) const {
    return ok() ? Ok() : Error(std::string(prefix) + message_);
  }

 private:
  Status() = default;
  explicit Status(std::string message) : failed_(true), message_(std::move(message)) {}

  bool failed_ = false;
  std::string message_;
};

}  // namespace intent::runtime
