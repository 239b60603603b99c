// The builtin functions as an enum, with the columns of builtins.def every
// layer can use without knowing the checker's types. The checker records
// a Builtin for each call; the interpreter and the IR dispatch on it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace intent::stdlib {

enum class Builtin : uint8_t {
#define INTENT_BUILTIN(id, name, param, result, zone) id,
#include "stdlib/builtins.def"
#undef INTENT_BUILTIN
};

inline constexpr size_t kBuiltinCount = 0
#define INTENT_BUILTIN(id, name, param, result, zone) +1
#include "stdlib/builtins.def"
#undef INTENT_BUILTIN
    ;

// Source names, by enumerator (overloads repeat their name).
inline constexpr std::array<std::string_view, kBuiltinCount> kBuiltinNames = {
#define INTENT_BUILTIN(id, name, param, result, zone) name,
#include "stdlib/builtins.def"
#undef INTENT_BUILTIN
};

inline constexpr std::array<bool, kBuiltinCount> kBuiltinReadsZone = {
#define INTENT_BUILTIN(id, name, param, result, zone) zone,
#include "stdlib/builtins.def"
#undef INTENT_BUILTIN
};

constexpr std::string_view BuiltinName(Builtin builtin) {
  return kBuiltinNames[static_cast<size_t>(builtin)];
}

}  // namespace intent::stdlib
