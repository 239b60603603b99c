// The request binder's entry points: limits, the per-thread parser, and the
// request's top-level members (docs/language.md §9.7). Values are converted by
// bind_value.cc into slots; BindRequestJson converts those to Values.
#include "runtime/bind/bind_json.h"

#include <simdjson.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "runtime/bind/bind_value.h"

namespace intent::runtime {
namespace {

using bind_internal::Binder;
using bind_internal::Printable;
using bind_internal::Scratch;
namespace ondemand = simdjson::ondemand;

// Requests up to the default size limit reuse one parser (and arena) per
// thread, a few megabytes once the thread has seen a 1 MiB request: a fresh
// parser per large request cost 3-5 ms of page faults for 0.2 ms of parsing
// (bench/worst_case_bench.cc). Larger ones, where an embedder raised the
// limit, get their own, freed after the call.
constexpr size_t kReusableBytes = check::cost::kMaxRequestBytes;
// Nesting beyond this is refused whatever BindOptions says: binding
// recurses once per level, and simdjson sizes per-level arrays by it.
constexpr size_t kMaxDepth = 1024;
// Slot lengths have 31 bits (slots.h), so no request may be longer.
constexpr size_t kMaxBytes = (size_t{1} << 31) - 1;
// Scratch stacks grown past this many entries are freed after the call.
constexpr size_t kReusableScratch = 4096;

constexpr const char* kContentAfterRequest = "malformed JSON (content after the request object)";

// Whether `json` holds one complete object or array followed by more than
// white space. simdjson's stage 1 reports "{...} x" as an unclosed object
// (its structural check fails at the end); this tells the two apart, on
// the error path only.
bool HasContentAfterFirstValue(std::string_view json) {
  size_t at = json.find_first_not_of(" \t\r\n");
  if (at == std::string_view::npos || (json[at] != '{' && json[at] != '[')) return false;
  size_t depth = 0;
  bool in_string = false;
  for (; at < json.size(); ++at) {
    char c = json[at];
    if (in_string) {
      if (c == '\\') {
        ++at;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return json.find_first_not_of(" \t\r\n", at + 1) != std::string_view::npos;
    }
  }
  return false;
}

struct ParserState {
  ondemand::parser parser;
  std::vector<char> buffer;  // the request, then SIMDJSON_PADDING bytes
  Scratch scratch;
};

// The top-level members, as bits of a seen-set.
enum Member : unsigned {
  kNoMember = 0,
  kPrincipal = 1,
  kOperation = 2,
  kInput = 4,
  kContext = 8,
};

Member MemberNamed(std::string_view key) {
  if (key == "principal") return kPrincipal;
  if (key == "operation") return kOperation;
  if (key == "input") return kInput;
  if (key == "context") return kContext;
  return kNoMember;
}

// `out` holding no request: what callers see after an error.
void Clear(SlotRequest& out) {
  out.schema = nullptr;
  out.operation = nullptr;
  out.principal = {};
  out.input = nullptr;
  out.context = nullptr;
  out.time.reset();
  out.approval.reset();
}

class RequestBinder {
 public:
  RequestBinder(const schema::SchemaSet& schemas, const BindOptions& options, ParserState& state,
                SlotRequest& out)
      : schemas_(schemas),
        options_(options),
        state_(state),
        out_(out),
        binder_(std::min(options.max_depth, kMaxDepth), options.max_list_length, out.arena,
                state.scratch) {}

  std::optional<BindError> Bind(std::string_view json) {
    out_.arena.Reset();
    Clear(out_);
    bool bound = BindDocument(json);
    Scratch& scratch = state_.scratch;
    if (scratch.items.capacity() > kReusableScratch) std::vector<Slot>().swap(scratch.items);
    if (scratch.keys.capacity() > kReusableScratch) {
      std::vector<std::string_view>().swap(scratch.keys);
    }
    if (bound) return std::nullopt;
    Clear(out_);
    return binder_.TakeError();
  }

 private:
  bool BindDocument(std::string_view json) {
    ParserState& state = state_;
    const size_t max_bytes = std::min(options_.max_bytes, kMaxBytes);
    if (json.size() > max_bytes) {
      return binder_.FailRequest("request is " + std::to_string(json.size()) +
                                 " bytes; the limit is " + std::to_string(max_bytes));
    }
    // simdjson reads a little past the end: copy into a padded buffer. The
    // padding is zeroed: a '}' left there by an earlier request makes
    // On-Demand rescan the whole document to check that it is balanced,
    // and changes the error it reports for one that is not.
    state.buffer.resize(json.size() + simdjson::SIMDJSON_PADDING);
    if (!json.empty()) std::memcpy(state.buffer.data(), json.data(), json.size());
    std::memset(state.buffer.data() + json.size(), 0, simdjson::SIMDJSON_PADDING);
    // simdjson counts the root as depth 1 too, and its development checks
    // (debug builds) want one level of room past the deepest container.
    size_t depth = std::min(options_.max_depth, kMaxDepth) + 1;
    if (state.parser.capacity() < json.size() || state.parser.max_depth() != depth) {
      // Rounded up so that slowly growing requests do not reallocate each time.
      size_t capacity = std::bit_ceil(std::max<size_t>(json.size(), 4096));
      if (auto error = state.parser.allocate(capacity, depth)) return binder_.FailJson(error);
    }
    ondemand::document document;
    if (auto error = state.parser.iterate(state.buffer.data(), json.size(), state.buffer.size())
                         .get(document)) {
      return binder_.FailJson(error);
    }
    return BindRoot(document);
  }

  bool OpenRoot(ondemand::document& document, ondemand::object& root) {
    if (auto error = document.get_object().get(root)) {
      if (error == simdjson::INCORRECT_TYPE) return binder_.FailRequest("expected a JSON object");
      return binder_.FailJson(error);
    }
    return true;
  }

  bool BindRoot(ondemand::document& document) {
    ondemand::object root;
    if (!binder_.Enter() || !OpenRoot(document, root)) return false;
    // "input" and "context" can be bound only once the operation is known;
    // when they come before it, they are skipped now and bound in a second
    // pass over the (already indexed) document.
    unsigned deferred = 0;
    for (auto member_result : root) {
      ondemand::field member;
      if (auto error = std::move(member_result).get(member)) return binder_.FailJson(error);
      std::string_view key;
      if (auto error = member.unescaped_key().get(key)) return binder_.FailJson(error);
      Member which = MemberNamed(key);
      if (which == kNoMember) return binder_.FailRequest("unknown member '" + Printable(key) + "'");
      if (seen_ & which) return binder_.FailRequest("duplicate key '" + Printable(key) + "'");
      seen_ |= which;
      bool ok = true;
      switch (which) {
        case kPrincipal: ok = BindPrincipal(member.value()); break;
        case kOperation: ok = BindOperation(member.value()); break;
        case kInput:
          if (out_.operation == nullptr) {
            deferred |= kInput;
          } else {
            ok = BindInput(member.value());
          }
          break;
        case kContext:
          if (out_.operation == nullptr) {
            deferred |= kContext;
          } else {
            ok = BindContext(member.value());
          }
          break;
        case kNoMember: break;
      }
      if (!ok) return false;
    }
    // On-Demand stops at the root object's end; "{} {}" must not pass.
    if (document.current_location().error() != simdjson::OUT_OF_BOUNDS) {
      return binder_.FailRequest(kContentAfterRequest);
    }
    if (!(seen_ & kPrincipal)) return MissingMember("principal");
    if (!(seen_ & kOperation)) return MissingMember("operation");
    if (deferred != 0 && !BindDeferred(document, deferred)) return false;
    if (!(seen_ & kInput)) {
      if (!out_.operation->input.fields.empty()) return MissingMember("input");
      out_.input = out_.arena.Slots(0);
    }
    if (!(seen_ & kContext)) {
      const types::RecordType& type = out_.schema->context;
      Slot* fields = out_.arena.Slots(type.fields.size());
      if (!binder_.BindMissing(type, fields)) return binder_.Unwind("context");
      out_.context = fields;
    }
    return true;
  }

  bool BindDeferred(ondemand::document& document, unsigned deferred) {
    // rewind() also resets the parser's string buffer, so the second pass
    // cannot overrun it; nothing read in the first pass is still viewed.
    document.rewind();
    ondemand::object root;
    if (!OpenRoot(document, root)) return false;
    for (auto member_result : root) {
      ondemand::field member;
      if (auto error = std::move(member_result).get(member)) return binder_.FailJson(error);
      std::string_view key;
      if (auto error = member.unescaped_key().get(key)) return binder_.FailJson(error);
      Member which = MemberNamed(key);
      if ((deferred & which) == 0) continue;  // already bound: skipped unread
      if (!(which == kInput ? BindInput(member.value()) : BindContext(member.value()))) {
        return false;
      }
    }
    return true;
  }

  bool MissingMember(std::string_view name) {
    binder_.Fail("missing required field");
    return binder_.Unwind(name);
  }

  bool BindPrincipal(ondemand::value value) {
    std::string_view text;
    if (!binder_.BindText(value, text)) return binder_.Unwind("principal");
    // Copied: the parser's buffer is reused by the next request.
    char* copy = out_.arena.Bytes(text.size());
    std::copy(text.begin(), text.end(), copy);
    out_.principal = {copy, text.size()};
    return true;
  }

  bool BindOperation(ondemand::value value) {
    std::string_view id;
    if (!binder_.BindText(value, id)) return binder_.Unwind("operation");
    const schema::Schema* schema = nullptr;
    const schema::Operation* operation = schemas_.FindOperation(id, &schema);
    if (operation == nullptr) {
      binder_.Fail("unknown operation '" + Printable(id) + "'");
      return binder_.Unwind("operation");
    }
    out_.schema = schema;
    out_.operation = operation;
    return true;
  }

  bool BindInput(ondemand::value value) {
    if (!BindMember(value, out_.operation->input,
                    /*may_be_null=*/out_.operation->input.fields.empty(), out_.input, nullptr)) {
      return binder_.Unwind("input");
    }
    return true;
  }

  bool BindContext(ondemand::value value) {
    bind_internal::ReservedContext reserved{out_.time, out_.approval};
    if (!BindMember(value, out_.schema->context, /*may_be_null=*/true, out_.context, &reserved)) {
      return binder_.Unwind("context");
    }
    return true;
  }

  // "input" or "context" as the fields of `type`. Null is allowed where the
  // member may be omitted (an operation without input; context always) and
  // is as if it were not given.
  bool BindMember(ondemand::value value, const types::RecordType& type, bool may_be_null,
                  const Slot*& out, bind_internal::ReservedContext* reserved) {
    ondemand::object object;
    bool is_null = false;
    if (!binder_.OpenObject(value, object, is_null)) return false;
    Slot* fields = out_.arena.Slots(type.fields.size());
    if (is_null) {
      if (!may_be_null) return binder_.Fail("expected object, found null");
      if (!binder_.BindMissing(type, fields)) return false;
    } else {
      if (!binder_.BindFields(object, type, fields, reserved)) return false;
      binder_.Leave();
    }
    out = fields;
    return true;
  }

  const schema::SchemaSet& schemas_;
  const BindOptions& options_;
  ParserState& state_;
  SlotRequest& out_;
  Binder binder_;
  unsigned seen_ = 0;
};

std::optional<BindError> Bind(std::string_view json, const schema::SchemaSet& schemas,
                              SlotRequest& out, const BindOptions& options) {
  if (json.size() <= kReusableBytes) {
    // One parser per thread keeps its buffers warm across requests.
    thread_local ParserState state;
    return RequestBinder(schemas, options, state, out).Bind(json);
  }
  ParserState state;
  return RequestBinder(schemas, options, state, out).Bind(json);
}

}  // namespace

std::optional<BindError> BindRequestSlots(std::string_view json, const schema::SchemaSet& schemas,
                                          SlotRequest& out, const BindOptions& options) {
  std::string message;
  try {
    std::optional<BindError> error = Bind(json, schemas, out, options);
    // simdjson reports "{...} x" as an unclosed object, wherever it notices.
    if (error && error->message == bind_internal::kUnclosedJson &&
        HasContentAfterFirstValue(json)) {
      *error = BindError{"", kContentAfterRequest};
    }
    return error;
  } catch (const std::bad_alloc&) {
    message = "out of memory";
  } catch (const std::exception& error) {
    message = std::string("internal error: ") + error.what();
  } catch (...) {
    message = "internal error";
  }
  Clear(out);
  return BindError{"", std::move(message)};
}

BindResult BindRequestJson(std::string_view json, const schema::SchemaSet& schemas,
                           const BindOptions& options) {
  BindResult result;
  try {
    // Per thread, like the parser; a large request gets its own arena so
    // that the thread does not keep its memory.
    thread_local SlotRequest reused;
    SlotRequest own;
    SlotRequest& slots = json.size() <= kReusableBytes ? reused : own;
    result.error = BindRequestSlots(json, schemas, slots, options);
    if (!result.error) result.request = FromSlots(slots);
  } catch (const std::bad_alloc&) {
    result.request.reset();
    result.error = BindError{"", "out of memory"};
  }
  return result;
}

}  // namespace intent::runtime
