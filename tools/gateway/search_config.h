// The bundle's AuthZEN search configuration (docs/gateway.md, "authzen.json"):
// which data document lists the candidates of a subject type or a resource
// type. It lives in `authzen.json` beside the policies, so that it is
// deployed, and reloaded, with the bundle whose data it names.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "intent/intent.hpp"

namespace intent::gateway {

// A data document of the bundle: `data.NAME` of schema SCHEMA.
struct DataRef {
  std::string schema;
  std::string name;
};

struct SearchConfig {
  std::map<std::string, DataRef> subjects;   // AuthZEN subject.type -> its candidates
  std::map<std::string, DataRef> resources;  // AuthZEN resource.type -> its candidates
  std::vector<std::string> files;            // the authzen.json files read
};

// Reads `authzen.json` in each --policy folder (or the folder of a --policy
// file). No file is an empty configuration. False with a one-line `error`
// naming the file when one is not valid: not JSON, an unknown member, a
// value that is not "SCHEMA.DATA_NAME", or one type given two documents by
// two files.
bool LoadSearchConfig(const std::vector<std::string>& policy_paths, SearchConfig& config,
                      std::string& error);

// One warning per configured type whose data document has no keys in
// `engine`'s bundle (absent, misspelt or empty): its searches find nothing.
std::vector<std::string> SearchConfigWarnings(const SearchConfig& config, const Engine& engine);

// The configuration in service, swapped whole on reload. Thread-safe.
class SearchConfigStore {
 public:
  std::shared_ptr<const SearchConfig> Get() const {
    std::lock_guard lock(mutex_);
    return current_;
  }
  void Set(SearchConfig config) {
    auto next = std::make_shared<const SearchConfig>(std::move(config));
    std::lock_guard lock(mutex_);
    current_ = std::move(next);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const SearchConfig> current_ = std::make_shared<const SearchConfig>();
};

}  // namespace intent::gateway
