// JSON numbers as integers. JSON has one number type: 1, 1.0, 1e0 and
// 10E-1 are the same number, and a producer may write any of them (Python
// writes 1.0 for a float that holds one). Where Intent wants an integer,
// any spelling of an integer is one; a fraction is not. Exact, on the
// digits: never through a double, so 9007199254740993.0 is that integer.
#pragma once

#include <cstdint>
#include <string_view>

namespace intent::stdlib {

enum class JsonInteger {
  kInteger,     // an integer within int64, whatever its spelling
  kFraction,    // a number with a fractional part (1.5, 1e-3)
  kOutOfRange,  // an integer beyond int64
  kInvalid,     // not a JSON number
};

// Reads the JSON number `token` (trailing JSON whitespace allowed) as an
// int64 into `out` when it is one.
JsonInteger ParseJsonInteger(std::string_view token, int64_t& out);

}  // namespace intent::stdlib
