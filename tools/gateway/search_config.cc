// Reading and checking authzen.json (see search_config.h).
#include "tools/gateway/search_config.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace intent::gateway {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kFileName = "authzen.json";

// Schema and data names are identifiers (docs/language.md §9.5).
bool IsIdentifier(const std::string& text) {
  if (text.empty() || (text[0] >= '0' && text[0] <= '9')) return false;
  for (char c : text) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// The folders to look in: each --policy folder, or the folder of a --policy
// file, each once.
std::vector<fs::path> Folders(const std::vector<std::string>& policy_paths) {
  std::vector<fs::path> folders;
  std::set<std::string> seen;
  for (const std::string& path : policy_paths) {
    std::error_code ec;
    fs::path folder = fs::is_directory(path, ec) ? fs::path(path) : fs::path(path).parent_path();
    if (folder.empty()) folder = ".";
    fs::path canonical = fs::weakly_canonical(folder, ec);
    if (seen.insert((ec ? folder : canonical).string()).second) folders.push_back(folder);
  }
  return folders;
}

// One "search.subject" or "search.resource" object into `into`.
bool ReadKind(const std::string& file, const char* kind, const json& object,
              std::map<std::string, DataRef>& into, std::map<std::string, std::string>& origin,
              std::string& error) {
  std::string where = file + ": search." + kind;
  if (!object.is_object()) {
    error = where + " must be an object of TYPE: \"SCHEMA.DATA_NAME\"";
    return false;
  }
  for (const auto& [type, value] : object.items()) {
    std::string member = fmt::format("{}.{}", where, type);
    if (type.empty()) {
      error = where + " has an empty type name";
      return false;
    }
    std::string text = value.is_string() ? value.get<std::string>() : "";
    size_t dot = text.find('.');
    DataRef ref;
    if (dot != std::string::npos) {
      ref.schema = text.substr(0, dot);
      ref.name = text.substr(dot + 1);
    }
    if (!IsIdentifier(ref.schema) || !IsIdentifier(ref.name)) {
      error = member + " must name a data document as \"SCHEMA.DATA_NAME\", not " + value.dump();
      return false;
    }
    auto [it, added] = into.emplace(type, ref);
    if (!added && (it->second.schema != ref.schema || it->second.name != ref.name)) {
      error = fmt::format("{} is {}, but {} gives it {}.{}", member, text, origin[type],
                          it->second.schema, it->second.name);
      return false;
    }
    origin.emplace(type, file);
  }
  return true;
}

bool ReadFile(const fs::path& path, SearchConfig& config,
              std::map<std::string, std::string> (&origins)[2], std::string& error) {
  std::string file = path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = file + ": cannot be read";
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  json document = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    error = file + ": not valid JSON";
    return false;
  }
  if (!document.is_object()) {
    error = file + ": must be a JSON object, {\"search\": {...}}";
    return false;
  }
  for (const auto& [key, value] : document.items()) {
    if (key != "search") {
      error = fmt::format("{}: unknown member '{}' (authzen.json has \"search\" only)", file, key);
      return false;
    }
    if (!value.is_object()) {
      error = file + ": search must be an object with \"subject\" and \"resource\"";
      return false;
    }
    for (const auto& [kind, entries] : value.items()) {
      if (kind == "subject") {
        if (!ReadKind(file, "subject", entries, config.subjects, origins[0], error)) return false;
      } else if (kind == "resource") {
        if (!ReadKind(file, "resource", entries, config.resources, origins[1], error)) return false;
      } else if (kind == "action") {
        error = file +
                ": search.action needs no configuration (its candidates are the "
                "operations of the resource type); remove it";
        return false;
      } else {
        error =
            fmt::format("{}: unknown member 'search.{}' (\"subject\" or \"resource\")", file, kind);
        return false;
      }
    }
  }
  config.files.push_back(file);
  return true;
}

}  // namespace

bool LoadSearchConfig(const std::vector<std::string>& policy_paths, SearchConfig& config,
                      std::string& error) {
  config = SearchConfig();
  std::map<std::string, std::string> origins[2];  // which file gave a type: subject, resource
  for (const fs::path& folder : Folders(policy_paths)) {
    fs::path path = folder / kFileName;
    std::error_code ec;
    if (!fs::exists(path, ec)) continue;
    if (!ReadFile(path, config, origins, error)) return false;
  }
  return true;
}

std::vector<std::string> SearchConfigWarnings(const SearchConfig& config, const Engine& engine) {
  std::vector<std::string> warnings;
  for (const auto& [kind, types] :
       {std::pair{"subject", &config.subjects}, std::pair{"resource", &config.resources}}) {
    for (const auto& [type, ref] : *types) {
      if (!engine.DataKeys(ref.schema, ref.name).empty()) continue;
      warnings.push_back(std::string("authzen.json: search.") + kind + "." + type + " names " +
                         ref.schema + "." + ref.name +
                         ", which has no keys in the bundle; its searches find nothing");
    }
  }
  return warnings;
}

}  // namespace intent::gateway
