// Membership charges (see cost.h).
#include "runtime/core/cost.h"

namespace intent::runtime::cost {

int64_t Membership(const List& list, const Value& element) {
  auto steps = static_cast<int64_t>(list.size());
  if (!element.Is<std::string>()) return steps;
  const size_t length = element.As<std::string>().size();
  for (const Value& item : list) {
    if (item.Is<std::string>() && item.As<std::string>().size() == length) steps += Text(length);
  }
  return steps;
}

int64_t Membership(const Slot* items, uint64_t count, bool strings, uint64_t length) {
  auto steps = static_cast<int64_t>(count);
  if (!strings) return steps;
  for (uint64_t i = 0; i < count; ++i) {
    if ((items[i].extra & kLengthMask) == length) steps += Text(length);
  }
  return steps;
}

uint64_t KeyBytes(const Value& value) {
  if (value.Is<std::string>()) return value.As<std::string>().size();
  if (value.Is<Email>())
    return value.As<Email>().local.size() + 1 + value.As<Email>().domain.size();
  return 0;
}

}  // namespace intent::runtime::cost
