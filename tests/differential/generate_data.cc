// Data documents' contents: maps keyed by the values requests are made of
// (agents, words, emails with the domain's and the local part's case
// varied, boundary ints), so that lookups hit and miss; lists around the
// length at which the engines start hashing them; records with optional
// fields present, absent and null.
#include <algorithm>
#include <cctype>
#include <set>

#include "tests/differential/generator_internal.h"
#include "tests/differential/request_draft.h"

namespace intent::difftest {
namespace {

std::string AsciiLower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// What makes two email keys one (docs/data.md): the domain's case does not
// matter, the local part's does.
std::string EmailKeyIdentity(const std::string& email) {
  size_t at = email.rfind('@');
  return email.substr(0, at) + "@" + AsciiLower(email.substr(at + 1));
}

class DataGen {
 public:
  DataGen(Rng& rng, const SchemaModel& model, Constants& constants)
      : rng_(rng), model_(model), constants_(constants) {}

  std::vector<DataFile> Generate() {
    if (model_.data.empty()) return {};
    std::vector<DataFile> files;
    Json combined = Json::object();  // documents given as members of one file
    for (const Field& document : model_.data) {
      Json value = Document(document);
      switch (rng_.Weighted({50, 15, 35})) {
        case 0: files.push_back({document.name + ".json", value.dump(2) + "\n"}); break;
        case 1:
          files.push_back({std::string(kSchemaName) + "." + document.name + ".json",
                           value.dump(rng_.Chance(50) ? 2 : -1)});
          break;
        default:
          combined[rng_.Chance(80) ? document.name
                                   : std::string(kSchemaName) + "." + document.name] =
              std::move(value);
      }
    }
    if (!combined.empty()) files.push_back({"facts.json", combined.dump(2) + "\n"});
    return files;
  }

 private:
  Json Document(const Field& document) {
    const Type* type = document.type;
    if (type->Is(Kind::kMap)) {
      // `empty` always is; other maps are now and then.
      size_t size =
          document.name == "empty" || rng_.Chance(3) ? 0 : static_cast<size_t>(rng_.Range(1, 12));
      return Map(type, size, &constants_.data_keys[document.name]);
    }
    // `blocked` is always hashed, `few` always scanned; the others fall
    // on either side of the threshold (runtime/core/data.h).
    size_t size = document.name == "blocked" ? static_cast<size_t>(rng_.Range(16, 40))
                  : document.name == "few"   ? static_cast<size_t>(rng_.Range(0, 15))
                                             : ListSize();
    return List(type->element, size);
  }

  size_t ListSize() {
    static const std::vector<size_t> sizes = {0, 1, 3, 15, 16, 17, 24, 40};
    return rng_.Pick(sizes);
  }

  Json List(const Type* element, size_t size) {
    Json list = Json::array();
    for (size_t i = 0; i < size; ++i) list.push_back(Value(element));
    return list;
  }

  // `keys`: where the map's keys are recorded for policies (null for maps
  // inside values, whose keys are NestedKeys()).
  Json Map(const Type* type, size_t size, ConstantSet* keys) {
    Json map = Json::object();
    std::set<std::string> identities;
    for (size_t tries = 0; map.size() < size && tries < 4 * size; ++tries) {
      const Type* key_type = type->key;
      std::string text;
      if (key_type->Is(Kind::kInt)) {
        int64_t key = rng_.Chance(60) ? rng_.Range(-2, 10) : rng_.Pick(BoundaryInts());
        text = std::to_string(key);
        if (!identities.insert(text).second) continue;
        if (keys != nullptr) keys->ints.push_back(key);
      } else if (key_type->Is(Kind::kEmail)) {
        text = EmailKey();
        if (!identities.insert(EmailKeyIdentity(text)).second) continue;
        if (keys != nullptr) keys->emails.push_back(text);
      } else {
        text = keys == nullptr ? rng_.Pick(NestedKeys()) : StringKey();
        if (!identities.insert(text).second) continue;
        if (keys != nullptr) keys->strings.push_back(text);
      }
      map[text] = Value(type->element);
    }
    return map;
  }

  // Principals (agents, in two cases), words, days, domains, and now and
  // then a long key, whose lookup costs a step per 8 bytes.
  std::string StringKey() {
    switch (rng_.Weighted({30, 35, 10, 10, 8, 7})) {
      case 0: return rng_.Pick(Agents());
      case 1: return rng_.Pick(Words());
      case 2: return rng_.Pick(Weekdays());
      case 3: return rng_.Pick(Domains());
      case 4: return FlipCase(rng_.Pick(Agents()), rng_);
      default: return std::string(static_cast<size_t>(rng_.Range(7, 81)), 'k');
    }
  }

  // As requests write emails; the domain's case is flipped in some (the
  // same key), and now and then a key differs from another only in the
  // local part's case (another key).
  std::string EmailKey() {
    const std::vector<std::string>& used = constants_.data_keys["owners"].emails;
    if (!used.empty() && rng_.Chance(20)) {
      std::string email = rng_.Pick(used);
      size_t at = email.rfind('@');
      return FlipCase(email.substr(0, at), rng_) + email.substr(at);
    }
    std::string domain = rng_.Pick(Domains());
    return rng_.Pick(Locals()) + "@" + (rng_.Chance(25) ? FlipCase(domain, rng_) : domain);
  }

  Json Value(const Type* type) {
    switch (type->kind) {
      case Kind::kBool: return rng_.Chance(50);
      case Kind::kInt: return rng_.Chance(60) ? rng_.Range(-2, 10) : rng_.Pick(BoundaryInts());
      case Kind::kString: return rng_.Chance(70) ? rng_.Pick(Words()) : rng_.Pick(Agents());
      case Kind::kEmail: return EmailKey();
      case Kind::kTimestamp: {
        int64_t micros = PolicyInstant(rng_, constants_.base_time);
        if (rng_.Chance(25) && micros % kSecond == 0) return micros / kSecond;
        return FormatInstant(micros);
      }
      case Kind::kDuration: {
        int64_t micros = rng_.Pick(DurationsMicros());
        return rng_.Chance(50) ? Json(DurationLiteral(micros)) : Json(micros / kSecond);
      }
      case Kind::kEnum: return rng_.Pick(type->values);
      case Kind::kList: {
        // A list in a value is sometimes long enough to be hashed.
        size_t size = type->element->Is(Kind::kRecord) ? rng_.Weighted({30, 40, 30})
                      : rng_.Chance(10)                ? static_cast<size_t>(rng_.Range(16, 20))
                                                       : rng_.Weighted({20, 30, 25, 15, 10});
        return List(type->element, size);
      }
      case Kind::kRecord: {
        Json record = Json::object();
        for (const Field& field : type->fields) {
          if (field.optional && rng_.Chance(35)) {
            if (rng_.Chance(30)) record[field.name] = nullptr;  // null is absent too
            continue;
          }
          record[field.name] = Value(field.type);
        }
        return record;
      }
      case Kind::kMap:
        return Map(type, static_cast<size_t>(rng_.Weighted({20, 30, 30, 20})), nullptr);
    }
    return nullptr;
  }

  Rng& rng_;
  const SchemaModel& model_;
  Constants& constants_;
};

}  // namespace

std::vector<DataFile> GenerateData(Rng& rng, const SchemaModel& model, Constants& constants) {
  return DataGen(rng, model, constants).Generate();
}

}  // namespace intent::difftest
