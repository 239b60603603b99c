// String functions of the standard library (docs/language.md §8), shared by the
// interpreter and the JIT's runtime helpers. Case mapping and trimming act
// on ASCII only, so results never depend on a locale or Unicode tables.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace intent::stdlib {

std::string Lower(std::string_view text);  // ASCII letters only
// The same, written to `out` (text.size() bytes), for callers with their own memory.
void LowerInto(std::string_view text, char* out);
void UpperInto(std::string_view text, char* out);
std::string Upper(std::string_view text);  // ASCII letters only
// Without leading and trailing ASCII whitespace (space, \t, \n, \v, \f, \r).
std::string_view Trim(std::string_view text);
// Code points in valid UTF-8 text (the request binder guarantees validity).
int64_t CodePointCount(std::string_view text);
// Whether `needle` occurs in `text`, in time linear in both (glibc's
// two-way memmem): std::string_view::find may take their product.
bool Contains(std::string_view text, std::string_view needle);

}  // namespace intent::stdlib
