// The runtime side of generated code (jit_abi.h): each helper computes
// exactly what the interpreter computes for the same operation, mostly by
// calling the same stdlib function.
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "runtime/core/cost.h"
#include "runtime/core/counter_store.h"
#include "runtime/core/data.h"
#include "runtime/core/value_text.h"
#include "runtime/native/abi/jit_abi.h"
#include "runtime/native/ir/ir.h"
#include "stdlib/duration.h"
#include "stdlib/strings.h"
#include "stdlib/timezone.h"

// In the namespace of their declarations (jit_abi.h); C linkage keeps the
// symbol names plain.
namespace intent::runtime::jit {
namespace {

// Generated code passes addresses as i64 (jit_abi.h): the one place they
// become pointers again.
template <typename T>
const T* Address(uint64_t address) {
  return reinterpret_cast<const T*>(address);  // NOLINT(performance-no-int-to-ptr)
}

std::string_view View(uint64_t text, uint64_t length) {
  return {Address<char>(text), static_cast<size_t>(length)};
}

// `convert` of (s, n) into n bytes of the decision's arena; writes
// (address, length) to out.
void ConvertInto(JitContext* ctx, uint64_t s, uint64_t n, void (*convert)(std::string_view, char*),
                 uint64_t* out) {
  try {
    char* copy = ctx->runtime->arena.Bytes(n);
    convert(View(s, n), copy);
    out[0] = reinterpret_cast<uint64_t>(copy);
    out[1] = n;
  } catch (...) {
    ctx->runtime->exception = std::current_exception();
    out[0] = reinterpret_cast<uint64_t>("");
    out[1] = 0;
  }
}

const intent::stdlib::Timezone& Zone(const void* timezone) {
  return *static_cast<const intent::stdlib::Timezone*>(timezone);
}

}  // namespace

extern "C" {

void intent_rt_fail(JitContext* ctx, uint32_t message) {
  ctx->runtime->error = ctx->runtime->program->messages[message];
}

void intent_rt_fail_fixed(JitContext* ctx, int32_t error) {
  switch (error) {
    case intent::runtime::jit::kErrorOverflow: ctx->runtime->error = "integer overflow"; break;
    case intent::runtime::jit::kErrorTimestampRange:
      ctx->runtime->error = "timestamp out of range";
      break;
    default: ctx->runtime->error = intent::runtime::cost::kBudgetExceeded; break;
  }
}

void intent_rt_fail_index(JitContext* ctx, int64_t index, int64_t size) {
  ctx->runtime->error = fmt::format("index {} is out of range for a list of {}", index, size);
}

bool intent_rt_str_eq(uint64_t a, uint64_t an, uint64_t b, uint64_t bn) {
  // An empty string may have a null address, which memcmp must not see.
  return an == bn && (an == 0 || std::memcmp(Address<char>(a), Address<char>(b), an) == 0);
}

int32_t intent_rt_str_cmp(uint64_t a, uint64_t an, uint64_t b, uint64_t bn) {
  int c = View(a, an).compare(View(b, bn));
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

bool intent_rt_str_contains(uint64_t a, uint64_t an, uint64_t b, uint64_t bn) {
  return intent::stdlib::Contains(View(a, an), View(b, bn));
}

bool intent_rt_str_starts(uint64_t a, uint64_t an, uint64_t b, uint64_t bn) {
  return View(a, an).starts_with(View(b, bn));
}

bool intent_rt_str_ends(uint64_t a, uint64_t an, uint64_t b, uint64_t bn) {
  return View(a, an).ends_with(View(b, bn));
}

bool intent_rt_matches(const void* regex, uint64_t text, uint64_t length) {
  // A search, as the interpreter's: anchors are written in the pattern.
  return RE2::PartialMatch(View(text, length), *static_cast<const RE2*>(regex));
}

// Constant sets are usually a handful of items: a scan (lengths first)
// beats a binary search's string comparisons there.
constexpr size_t kScannedSetSize = 16;

bool intent_rt_set_int(const void* set, int64_t value) {
  const auto& ints = static_cast<const intent::ir::ConstSet*>(set)->ints;
  if (ints.size() <= kScannedSetSize)
    return std::find(ints.begin(), ints.end(), value) != ints.end();
  return std::binary_search(ints.begin(), ints.end(), value);
}

bool intent_rt_set_str(const void* set, uint64_t text, uint64_t length) {
  const auto& strings = static_cast<const intent::ir::ConstSet*>(set)->strings;
  std::string_view value = View(text, length);
  if (strings.size() <= kScannedSetSize) {
    for (const std::string& item : strings) {
      if (item.size() == length &&
          (length == 0 || std::memcmp(item.data(), value.data(), length) == 0)) {
        return true;
      }
    }
    return false;
  }
  auto it = std::lower_bound(strings.begin(), strings.end(), value,
                             [](const std::string& s, std::string_view v) { return s < v; });
  return it != strings.end() && *it == value;
}

namespace {
// The hash of a data document's long list, or null (runtime/core/data.h).
const intent::runtime::DataListIndex* DataIndex(const JitContext* ctx, uint64_t items,
                                                uint64_t count) {
  if (ctx->data_set == nullptr || count < intent::runtime::DataSet::kIndexedListLength) {
    return nullptr;
  }
  return ctx->data_set->IndexOfItems(Address<Slot>(items));
}

bool IsText(int32_t rep) {
  auto r = static_cast<intent::ir::Rep>(rep);
  return r == intent::ir::Rep::kString || r == intent::ir::Rep::kEmail;
}
}  // namespace

int64_t intent_rt_list_cost(JitContext* ctx, int32_t rep, uint64_t items, uint64_t count,
                            uint64_t length) {
  if (DataIndex(ctx, items, count) != nullptr) {
    return intent::runtime::cost::Lookup(IsText(rep) ? length & intent::runtime::kLengthMask : 0);
  }
  return intent::runtime::cost::Membership(
      Address<Slot>(items), count, static_cast<intent::ir::Rep>(rep) == intent::ir::Rep::kString,
      length & intent::runtime::kLengthMask);
}

bool intent_rt_list_has(JitContext* ctx, int32_t rep, uint64_t items, uint64_t count, uint64_t a,
                        uint64_t b) {
  if (const auto* index = DataIndex(ctx, items, count)) {
    return intent::runtime::DataListContains(*index, IsText(rep), a, b);
  }
  const Slot* slots = Address<Slot>(items);
  for (uint64_t i = 0; i < count; ++i) {
    const Slot& item = slots[i];
    switch (static_cast<intent::ir::Rep>(rep)) {
      case intent::ir::Rep::kBool:
      case intent::ir::Rep::kInt:
        if (item.word == a) return true;
        break;
      case intent::ir::Rep::kString:
      case intent::ir::Rep::kEmail:
        // Emails compare as text: their domains are lower-cased already.
        if (intent_rt_str_eq(item.word, item.extra & intent::runtime::kLengthMask, a,
                             b & intent::runtime::kLengthMask)) {
          return true;
        }
        break;
      default: return false;  // lists and records are not comparable
    }
  }
  return false;
}

uint64_t intent_rt_map_find(uint64_t map, int32_t rep, uint64_t word, uint64_t extra) {
  const auto* data_map = Address<intent::runtime::DataMap>(map);
  int64_t entry =
      IsText(rep) ? data_map->FindText({Address<char>(word), extra & intent::runtime::kLengthMask})
                  : data_map->FindInt(static_cast<int64_t>(word));
  if (entry == intent::runtime::DataMap::kMissing) return 0;
  return reinterpret_cast<uint64_t>(&data_map->value_slot(entry));
}

void intent_rt_lower(JitContext* ctx, uint64_t s, uint64_t n, uint64_t* out) {
  ConvertInto(ctx, s, n, &intent::stdlib::LowerInto, out);
}

void intent_rt_upper(JitContext* ctx, uint64_t s, uint64_t n, uint64_t* out) {
  ConvertInto(ctx, s, n, &intent::stdlib::UpperInto, out);
}

void intent_rt_trim(uint64_t s, uint64_t n, uint64_t* out) {
  std::string_view trimmed = intent::stdlib::Trim(View(s, n));  // a view of the input
  out[0] = reinterpret_cast<uint64_t>(trimmed.data());
  out[1] = trimmed.size();
}

int64_t intent_rt_code_points(uint64_t s, uint64_t n) {
  return intent::stdlib::CodePointCount(View(s, n));
}

int64_t intent_rt_hour(const void* timezone, int64_t micros) { return Zone(timezone).Hour(micros); }

void intent_rt_weekday(const void* timezone, int64_t micros, uint64_t* out) {
  std::string_view day = Zone(timezone).Weekday(micros);  // static text
  out[0] = reinterpret_cast<uint64_t>(day.data());
  out[1] = day.size();
}

int64_t intent_rt_start_of_day(const void* timezone, int64_t micros) {
  return Zone(timezone).StartOfDay(micros);
}

bool intent_rt_duration(int64_t amount, int32_t unit, int64_t* out) {
  std::optional<int64_t> micros =
      intent::stdlib::DurationFromUnits(amount, static_cast<char>(unit));
  if (!micros) return false;
  *out = *micros;
  return true;
}

int64_t intent_rt_count(JitContext* ctx, const void* count_spec) {
  const auto& spec = *static_cast<const intent::ir::CountSpec*>(count_spec);
  try {
    int64_t total = 0;
    std::string_view principal = View(ctx->principal, ctx->principal_length);
    for (const std::string& operation : spec.operation_ids) {
      total += ctx->runtime->counters->Count(intent::runtime::CountKey(principal, operation),
                                             spec.window, ctx->now);
    }
    return total;
  } catch (...) {
    ctx->runtime->exception = std::current_exception();
    return 0;
  }
}

uint64_t intent_rt_alloc_slots(JitContext* ctx, uint64_t count) {
  try {
    return reinterpret_cast<uint64_t>(ctx->runtime->arena.Slots(count));
  } catch (...) {
    // Out of memory: generated code still writes `count` slots before the
    // engine rethrows, so they go to a spare buffer of that size (if even
    // that cannot be had, the exception leaves through here).
    ctx->runtime->exception = std::current_exception();
    thread_local std::vector<Slot> spare;
    spare.resize(count);
    return reinterpret_cast<uint64_t>(spare.data());
  }
}

}  // extern "C"

// Each definition has exactly the signature jit_helpers.def declares.
#define INTENT_JIT_HELPER(id, c_name, result, ...)                          \
  static_assert(std::is_same_v<decltype(&c_name), result (*)(__VA_ARGS__)>, \
                #c_name " differs from jit_helpers.def");
#include "runtime/native/abi/jit_helpers.def"
#undef INTENT_JIT_HELPER

}  // namespace intent::runtime::jit
