// See authzen_plain.h. simdjson's DOM keeps every key of an object, so
// duplicates are found (the general reading keeps the last one of each;
// bodies that have any are not plain).
#include "tools/gateway/authzen_plain.h"

#include <simdjson.h>

#include <set>

namespace intent::gateway {
namespace {

namespace dom = simdjson::dom;

// Whether `element` holds no key twice and no floating-point number (the
// two readings print numbers differently), at any depth up to a bound.
bool Plain(dom::element element, int depth = 0) {
  if (depth > 64) return false;
  switch (element.type()) {
    case dom::element_type::OBJECT: {
      std::set<std::string_view> keys;
      for (dom::key_value_pair member : dom::object(element)) {
        if (!keys.insert(member.key).second || !Plain(member.value, depth + 1)) return false;
      }
      return true;
    }
    case dom::element_type::ARRAY:
      for (dom::element item : dom::array(element)) {
        if (!Plain(item, depth + 1)) return false;
      }
      return true;
    case dom::element_type::DOUBLE: return false;
    default: return true;
  }
}

// The string member `name` of `object`, when it is one.
std::optional<std::string_view> Text(dom::object object, const char* name) {
  std::string_view text;
  if (object[name].get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
  return text;
}

std::optional<dom::object> Object(dom::object object, const char* name) {
  dom::object member;
  if (object[name].get_object().get(member) != simdjson::SUCCESS) return std::nullopt;
  return member;
}

}  // namespace

std::optional<PlainEvaluation> ReadPlainEvaluation(std::string_view body) {
  thread_local dom::parser parser;
  dom::element root;
  if (parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) return std::nullopt;
  dom::object top;
  if (root.get_object().get(top) != simdjson::SUCCESS || !Plain(root)) return std::nullopt;
  auto subject = Object(top, "subject");
  auto action = Object(top, "action");
  auto resource = Object(top, "resource");
  if (!subject || !action || !resource) return std::nullopt;
  auto principal = Text(*subject, "id");
  auto action_name = Text(*action, "name");
  auto type = Text(*resource, "type");
  if (!principal || principal->empty() || !action_name || action_name->empty() || !type) {
    return std::nullopt;
  }
  PlainEvaluation out;
  out.principal = std::string(*principal);
  out.action = std::string(*action_name);
  out.resource_type = std::string(*type);
  dom::element properties;
  bool has_properties = (*resource)["properties"].get(properties) == simdjson::SUCCESS;
  dom::object properties_object;
  bool properties_are_object =
      has_properties && properties.get_object().get(properties_object) == simdjson::SUCCESS;
  out.input = has_properties ? simdjson::minify(properties) : "{}";
  // resource.id becomes input `id` unless the properties give one (as the
  // general reading does).
  dom::element id;
  if ((*resource)["id"].get(id) == simdjson::SUCCESS && id.is_string() &&
      (!has_properties ||
       (properties_are_object && properties_object["id"].error() == simdjson::NO_SUCH_FIELD))) {
    std::string member = R"("id":)" + simdjson::minify(id);
    out.input = out.input == "{}" ? "{" + member + "}" : "{" + member + "," + out.input.substr(1);
  }
  dom::element context;
  if (top["context"].get(context) == simdjson::SUCCESS && !context.is_null()) {
    out.context = simdjson::minify(context);
  }
  return out;
}

}  // namespace intent::gateway
