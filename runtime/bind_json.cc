// The request binder's entry point: limits, the per-thread parser, and the
// request's top-level members (spec section 8). Values are converted by
// bind_value.cc.
#include "runtime/bind_json.h"

#include <simdjson.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "runtime/bind_value.h"

namespace intent::runtime {
namespace {

using bind_internal::Binder;
using bind_internal::Printable;
namespace ondemand = simdjson::ondemand;

// Requests above this size get a parser of their own, freed after the call,
// so that one large request does not pin megabytes to a thread for good.
constexpr size_t kReusableBytes = size_t{64} * 1024;
// Nesting beyond this is refused whatever BindOptions says: binding
// recurses once per level, and simdjson sizes per-level arrays by it.
constexpr size_t kMaxDepth = 1024;
// A scratch stack grown past this many values is freed after the call.
constexpr size_t kReusableScratch = 4096;

struct ParserState {
  ondemand::parser parser;
  std::vector<char> buffer;    // the request, then SIMDJSON_PADDING bytes
  std::vector<Value> scratch;  // list elements while their list is bound
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

class RequestBinder {
 public:
  RequestBinder(const schema::SchemaSet& schemas, const BindOptions& options, ParserState& state)
      : schemas_(schemas),
        options_(options),
        state_(state),
        binder_(std::min(options.max_depth, kMaxDepth), state.scratch) {}

  BindResult Bind(std::string_view json) {
    BindResult result;
    bool bound = BindDocument(json);
    if (state_.scratch.capacity() > kReusableScratch) std::vector<Value>().swap(state_.scratch);
    if (bound) {
      result.request = std::move(request_);
    } else {
      result.error = binder_.TakeError();
    }
    return result;
  }

 private:
  bool BindDocument(std::string_view json) {
    ParserState& state = state_;
    if (json.size() > options_.max_bytes) {
      return binder_.FailRequest("request is " + std::to_string(json.size()) +
                                 " bytes; the limit is " + std::to_string(options_.max_bytes));
    }
    // simdjson reads a little past the end: copy into a padded buffer.
    state.buffer.resize(json.size() + simdjson::SIMDJSON_PADDING);
    if (!json.empty()) std::memcpy(state.buffer.data(), json.data(), json.size());
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
          if (request_.operation == nullptr) {
            deferred |= kInput;
          } else {
            ok = BindInput(member.value());
          }
          break;
        case kContext:
          if (request_.operation == nullptr) {
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
      return binder_.FailRequest("malformed JSON (content after the request object)");
    }
    if (!(seen_ & kPrincipal)) return MissingMember("principal");
    if (!(seen_ & kOperation)) return MissingMember("operation");
    if (deferred != 0 && !BindDeferred(document, deferred)) return false;
    if (!(seen_ & kInput) && !request_.operation->input.fields.empty()) {
      return MissingMember("input");
    }
    if (!(seen_ & kContext)) {
      binder_.PushName("context");
      if (!binder_.BindMissing(request_.schema->context, request_.context.fields)) return false;
      binder_.Pop();
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
    binder_.PushName(name);
    return binder_.Fail("missing required field");
  }

  bool BindPrincipal(ondemand::value value) {
    binder_.PushName("principal");
    std::string_view text;
    if (!binder_.BindText(value, text)) return false;
    request_.principal = text;
    binder_.Pop();
    return true;
  }

  bool BindOperation(ondemand::value value) {
    binder_.PushName("operation");
    std::string_view id;
    if (!binder_.BindText(value, id)) return false;
    // Exactly SCHEMA.RESOURCE.OP: Schema::FindOperation also accepts
    // RESOURCE.OP, which would let "mail.send" name a resource "mail".
    size_t dot = id.find('.');
    const schema::Schema* schema = nullptr;
    const schema::Operation* operation = nullptr;
    if (dot != std::string_view::npos && std::count(id.begin(), id.end(), '.') == 2) {
      schema = schemas_.Find(id.substr(0, dot));
      if (schema != nullptr) operation = schema->FindOperation(id);
    }
    if (operation == nullptr) return binder_.Fail("unknown operation '" + Printable(id) + "'");
    request_.schema = schema;
    request_.operation = operation;
    request_.input.type = &operation->input;
    request_.context.type = &schema->context;
    binder_.Pop();
    return true;
  }

  bool BindInput(ondemand::value value) {
    binder_.PushName("input");
    ondemand::object object;
    bool is_null = false;
    if (!binder_.OpenObject(value, object, is_null)) return false;
    const types::RecordType& type = request_.operation->input;
    if (is_null) {
      // Allowed where "input" may be omitted: an operation without input.
      if (!type.fields.empty()) return binder_.Fail("expected object, found null");
    } else {
      if (!binder_.BindFields(object, type, request_.input.fields, nullptr)) return false;
      binder_.Leave();
    }
    binder_.Pop();
    return true;
  }

  bool BindContext(ondemand::value value) {
    binder_.PushName("context");
    ondemand::object object;
    bool is_null = false;
    if (!binder_.OpenObject(value, object, is_null)) return false;
    const types::RecordType& type = request_.schema->context;
    if (is_null) {
      // Context is optional: null is as if it were not given.
      if (!binder_.BindMissing(type, request_.context.fields)) return false;
    } else {
      if (!binder_.BindFields(object, type, request_.context.fields, &request_.time)) return false;
      binder_.Leave();
    }
    binder_.Pop();
    return true;
  }

  const schema::SchemaSet& schemas_;
  const BindOptions& options_;
  ParserState& state_;
  Binder binder_;
  BoundRequest request_;
  unsigned seen_ = 0;
};

BindResult ErrorResult(std::string message) {
  BindResult result;
  result.error = BindError{"", std::move(message)};
  return result;
}

}  // namespace

BindResult BindRequestJson(std::string_view json, const schema::SchemaSet& schemas,
                           const BindOptions& options) {
  try {
    if (json.size() <= kReusableBytes) {
      // One parser per thread keeps its buffers warm across requests.
      thread_local ParserState state;
      return RequestBinder(schemas, options, state).Bind(json);
    }
    ParserState state;
    return RequestBinder(schemas, options, state).Bind(json);
  } catch (const std::bad_alloc&) {
    return ErrorResult("out of memory");
  } catch (const std::exception& error) {
    return ErrorResult(std::string("internal error: ") + error.what());
  } catch (...) {
    return ErrorResult("internal error");
  }
}

}  // namespace intent::runtime
