// Ill-formed requests: text that is not JSON, and JSON that does not bind
// (wrong types, missing or null required fields, unknown operations and
// members, duplicate keys, integers beyond 64 bits, deep nesting, invalid
// emails, timestamps, durations and enum values).
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "tests/differential/request_draft.h"

namespace intent::difftest {
namespace {

// A declared value present in the request.
struct Slot {
  Json::json_pointer at;
  const Type* type = nullptr;
  bool required = false;  // a required field (not a list element)
};

void CollectSlots(const Json& value, const Type* type, bool required, const Json::json_pointer& at,
                  std::vector<Slot>& out) {
  if (value.is_null()) return;
  out.push_back(Slot{at, type, required});
  if (type->Is(Kind::kRecord) && value.is_object()) {
    for (const Field& field : type->fields) {
      if (value.contains(field.name)) {
        CollectSlots(value[field.name], field.type, !field.optional, at / field.name, out);
      }
    }
  } else if (type->Is(Kind::kList) && value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      CollectSlots(value[i], type->element, false, at / i, out);
    }
  }
}

std::vector<Slot> Slots(const SchemaModel& model, const Operation& op, const Json& request) {
  std::vector<Slot> slots;
  auto collect = [&](const char* member, const std::vector<Field>& fields) {
    if (!request.contains(member) || !request[member].is_object()) return;
    for (const Field& field : fields) {
      if (request[member].contains(field.name)) {
        CollectSlots(request[member][field.name], field.type, !field.optional,
                     Json::json_pointer("/" + std::string(member)) / field.name, slots);
      }
    }
  };
  collect("input", op.input);
  collect("context", model.context);
  return slots;
}

// A value of another JSON type, or one that the type rejects.
Json BadValue(Rng& rng, const Type* type) {
  switch (type->kind) {
    case Kind::kBool: return rng.Pick(std::vector<Json>{"true", 1, Json::array()});
    case Kind::kInt: return rng.Pick(std::vector<Json>{"5", 1.5, true});
    case Kind::kString: return rng.Pick(std::vector<Json>{5, true, Json::array(), Json::object()});
    case Kind::kEmail:
      return rng.Pick(std::vector<Json>{"no-at-sign", "a@", "@example.com", "a b@example.com",
                                        "a@exa mple.com", "a@.com", "a@b..com", 5,
                                        "x@evil.com,y@example.com", "x@evil.com>,<y@example.com",
                                        "a@b@example.com", "Bob <b@example.com>"});
    case Kind::kTimestamp:
      return rng.Pick(std::vector<Json>{"2026-13-01T00:00:00Z", "2026-02-29T10:00:00Z",
                                        "2026-11-28T10:00:00", "2026-11-28", "yesterday",
                                        253402300800LL, -62167219201LL, 1.5, true});
    case Kind::kDuration:
      return rng.Pick(std::vector<Json>{"5", "+5m", "5 m", "1h30m", "10y", "", 1.5,
                                        9223372036854775807LL, true});
    case Kind::kEnum: {
      std::string upper = type->values[0];
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      bool upper_is_value =
          std::find(type->values.begin(), type->values.end(), upper) != type->values.end();
      return rng.Pick(
          std::vector<Json>{"nope", "", 1, upper_is_value ? Json("nope") : Json(upper)});
    }
    case Kind::kList:
      return rng.Pick(std::vector<Json>{"x", Json::object(), 5, Json::array({nullptr})});
    case Kind::kRecord: return rng.Pick(std::vector<Json>{"x", Json::array(), 5});
    case Kind::kMap: break;  // data only: never in a request
  }
  return nullptr;
}

void WrongValue(Rng& rng, Draft& draft, const std::vector<Slot>& slots) {
  const Slot& slot = rng.Pick(slots);
  draft.request[slot.at] =
      slot.required && rng.Chance(20) ? Json(nullptr) : BadValue(rng, slot.type);
}

// Removes a required field (or a required top-level member).
void MissingField(Rng& rng, Draft& draft, const std::vector<Slot>& slots) {
  std::vector<Json::json_pointer> required;
  for (const Slot& slot : slots) {
    if (slot.required) required.push_back(slot.at);
  }
  if (required.empty() || rng.Chance(25)) {
    draft.request.erase(rng.Chance(50) ? "principal" : "operation");
    return;
  }
  const Json::json_pointer& at = rng.Pick(required);
  draft.request[at.parent_pointer()].erase(at.back());
}

void UnknownOperation(Rng& rng, Draft& draft, const Operation& op) {
  std::string sned = op.name.size() > 1 ? op.name.substr(1) + op.name[0] : op.name + "x";
  draft.request["operation"] = rng.Pick(std::vector<std::string>{
      std::string(kSchemaName) + "." + op.resource + "." + sned, op.resource + "." + op.name,
      "other." + op.resource + "." + op.name, op.Id() + ".x", "DIFF." + op.resource + "." + op.name,
      std::string(kSchemaName) + ".nothing." + op.name, ""});
}

// What a JSON value cannot hold: raw text spliced into the rendered request.
void SpliceRaw(Rng& rng, Draft& draft, const std::vector<Slot>& slots) {
  std::vector<const Slot*> ints;
  std::vector<const Slot*> objects;
  for (const Slot& slot : slots) {
    if (slot.type->Is(Kind::kInt)) ints.push_back(&slot);
    if (slot.type->Is(Kind::kRecord) && !draft.request[slot.at].empty()) objects.push_back(&slot);
  }
  switch (rng.Weighted({ints.empty() ? 0 : 35, objects.empty() ? 0 : 35, 30})) {
    case 0: {  // an integer beyond 64 bits
      draft.request[rng.Pick(ints)->at] = kRawSentinel;
      draft.raw = rng.Pick(std::vector<std::string>{"9223372036854775808", "-9223372036854775809",
                                                    "123456789012345678901234567890"});
      return;
    }
    case 1: {  // a declared key given twice in one record
      Json::json_pointer at = rng.Pick(objects)->at;
      Json object = draft.request[at];
      std::string text = object.dump();
      draft.raw = text.substr(0, text.size() - 1) + "," + Json(object.begin().key()).dump() + ":" +
                  object.begin().value().dump() + "}";
      draft.request[at] = kRawSentinel;
      return;
    }
    default: {  // nesting deeper than requests may (64 levels), in an ignored member
      int depth = static_cast<int>(rng.Range(70, 120));
      draft.raw = std::string(depth, '[') + std::string(depth, ']');
      if (draft.request.contains("input") && draft.request["input"].is_object()) {
        draft.request["input"]["deep"] = kRawSentinel;
      } else {
        draft.request["deep"] = kRawSentinel;  // an unknown member: an error on its own
      }
    }
  }
}

void ProtocolError(Rng& rng, Draft& draft) {
  switch (rng.Weighted({20, 20, 20, 15, 15, 10})) {
    case 0: draft.extra_member = "\"principal\":\"someone-else\""; return;
    case 1: draft.request["inputs"] = Json::object(); return;
    case 2: draft.request["principal"] = rng.Chance(50) ? Json(7) : Json(nullptr); return;
    case 3: draft.request["input"] = rng.Chance(50) ? Json::array() : Json("input"); return;
    case 4:
      draft.request["context"] = {
          {"time", rng.Pick(std::vector<Json>{"yesterday", "2026-02-30T00:00:00Z", 253402300800LL,
                                              "", 1.5})}};
      return;
    default: draft.request = rng.Pick(std::vector<Json>{Json::array(), "request", 42, nullptr});
  }
}

}  // namespace

void MakeInvalid(Rng& rng, const SchemaModel& model, const Operation& op, Draft& draft) {
  std::vector<Slot> slots = Slots(model, op, draft.request);
  switch (rng.Weighted({slots.empty() ? 0 : 35, 15, 10, 20, 20})) {
    case 0: WrongValue(rng, draft, slots); return;
    case 1: MissingField(rng, draft, slots); return;
    case 2: UnknownOperation(rng, draft, op); return;
    case 3: SpliceRaw(rng, draft, slots); return;
    default: ProtocolError(rng, draft);
  }
}

std::string MakeMalformed(Rng& rng, const std::string& text) {
  std::string out = text;
  switch (rng.Weighted({25, 15, 10, 10, 10, 10, 10, 5, 5})) {
    case 0: return out.substr(0, 1 + rng.Index(out.size() - 1));  // truncated
    case 1: return out.insert(out.size() - 1, ",");               // trailing comma
    case 2: return out + (rng.Chance(50) ? " {}" : "x");          // content after the object
    case 3: return out.insert(out.size() - 1, ",\"n\":NaN");
    case 4: {  // a key in single quotes
      size_t quote = out.find('"');
      size_t end = out.find('"', quote + 1);
      out[quote] = '\'';
      out[end] = '\'';
      return out;
    }
    case 5: return out.insert(out.find('"') + 1, "\xFF");  // invalid UTF-8
    case 6: return out.insert(out.find('"') + 1, "\x01");  // a raw control character
    case 7: return out.replace(out.find(':'), 1, " ");     // a missing colon
    default: return rng.Chance(50) ? "" : "   ";
  }
}

}  // namespace intent::difftest
