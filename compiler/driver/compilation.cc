// Bundle discovery and the front-end pipeline: load -> parse -> check.
#include "compiler/driver/compilation.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "compiler/check/checker.h"
#include "compiler/parse/parser.h"
#include "compiler/schema/schema_loader.h"

namespace intent::driver {
namespace {

namespace fs = std::filesystem;

struct PolicyInput {
  fs::path path;
  std::string rule_id_prefix;  // relative to the folder it was found in
};

// Loads one schema file already held by `c` into its schema set.
void AddSchemaSource(Compilation& c, const SourceFile* file) {
  std::unique_ptr<schema::Schema> loaded = schema::LoadSchema(*file, c.arena, c.diagnostics);
  if (!loaded) {
    // Remember the name it declares, if it got that far, so policies that
    // use it get no second, misleading "no schema named" error.
    nlohmann::json json = nlohmann::json::parse(file->text(), nullptr, false);
    if (json.is_object() && json.contains("name") && json["name"].is_string()) {
      c.schemas.MarkBroken(json["name"].get<std::string>());
    }
    return;
  }
  std::string name = loaded->name;
  SourceSpan name_span = loaded->name_span;
  const schema::Schema* existing = c.schemas.Add(std::move(loaded));
  if (existing != nullptr && existing->file != file) {
    c.diagnostics.Report(DiagKind::kSchemaDuplicateName, file, name_span,
                         fmt::format("$.name: schema '{}' is already loaded from '{}'", name,
                                     existing->file->path()),
                         "each schema name may be loaded once per bundle");
  }
}

// Parses and checks the policy files (each with its rule id prefix), then
// the bundle as a whole, and sorts the diagnostics: the part of the
// pipeline after the files are in memory, shared by both entry points.
void ParseAndCheck(Compilation& c,
                   const std::vector<std::pair<const SourceFile*, std::string>>& policies) {
  for (const auto& policy : policies) {
    c.modules.push_back(parse::ParseModule(*policy.first, c.diagnostics));
  }
  for (size_t i = 0; i < c.modules.size(); ++i) {
    c.checked.push_back(
        check::CheckModule(*c.modules[i], c.schemas, c.arena, policies[i].second, c.diagnostics));
  }
  for (const check::CheckedModule& module : c.checked) c.bundle.push_back(&module);
  check::CheckBundle(c.bundle, c.diagnostics);
  std::vector<const SourceFile*> order;
  for (const auto& source : c.sources) order.push_back(source.get());
  c.diagnostics.SortByPosition(order);
}

class Loader {
 public:
  Loader(Compilation& compilation) : c_(compilation) {}

  // Reads a file into a SourceFile owned by the compilation; null on failure.
  const SourceFile* Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string text;
    // Read in chunks, stopping one byte past the limit so the parser can say
    // "too large" without this reading a huge file whole.
    std::array<char, 1 << 16> chunk;
    while (in && text.size() <= parse::kMaxSourceBytes) {
      in.read(chunk.data(), chunk.size());
      text.append(chunk.data(), static_cast<size_t>(in.gcount()));
    }
    if (!in && !in.eof()) {
      int error = errno;
      auto& file = c_.sources.emplace_back(std::make_unique<SourceFile>(path.string(), ""));
      Diagnostic& d =
          c_.diagnostics.Report(DiagKind::kCannotReadFile, file.get(), {},
                                fmt::format("cannot read '{}': {}", path.string(),
                                            error != 0 ? std::strerror(error) : "unknown error"));
      d.positioned = false;
      c_.io_error = true;
      return nullptr;
    }
    return c_.sources.emplace_back(std::make_unique<SourceFile>(path.string(), std::move(text)))
        .get();
  }

  void ReportIo(const std::string& path, const std::string& why) {
    auto& file = c_.sources.emplace_back(std::make_unique<SourceFile>(path, ""));
    Diagnostic& d = c_.diagnostics.Report(DiagKind::kCannotReadFile, file.get(), {},
                                          fmt::format("cannot read '{}': {}", path, why));
    d.positioned = false;
    c_.io_error = true;
  }

  void AddSchemaFile(const fs::path& path) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(path, ec);
    if (!seen_schemas_.insert(ec ? path.string() : canonical.string()).second) return;
    const SourceFile* file = Read(path);
    if (file == nullptr) return;
    AddSchemaSource(c_, file);
  }

  void AddSchemaFolder(const fs::path& folder) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && name.size() > 12 &&
          name.compare(name.size() - 12, 12, ".schema.json") == 0) {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) AddSchemaFile(file);
  }

  void AddSchemaPath(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) return AddSchemaFolder(path);
    if (!fs::exists(path, ec)) return ReportIo(path, "No such file or directory");
    AddSchemaFile(path);
  }

  std::vector<PolicyInput> FindPolicies(const std::vector<std::string>& inputs) {
    std::vector<PolicyInput> found;
    for (const std::string& input : inputs) {
      std::error_code ec;
      if (fs::is_directory(input, ec)) {
        std::vector<fs::path> files;
        for (auto it = fs::recursive_directory_iterator(input, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
          if (it->is_regular_file() && it->path().extension() == ".intent") {
            files.push_back(it->path());
          }
        }
        std::sort(files.begin(), files.end());
        if (files.empty()) {
          auto& file = c_.sources.emplace_back(std::make_unique<SourceFile>(input, ""));
          Diagnostic& d =
              c_.diagnostics.Report(DiagKind::kNoPolicyFiles, file.get(), {},
                                    fmt::format("no .intent files were found in '{}'", input));
          d.positioned = false;
          c_.io_error = true;  // nothing to check: a usage error, exit status 2
        }
        for (const fs::path& file : files) {
          found.push_back({file, fs::relative(file, input, ec).generic_string()});
        }
      } else if (fs::exists(input, ec)) {
        found.push_back({input, fs::path(input).filename().string()});
      } else {
        ReportIo(input, "No such file or directory");
      }
    }
    return found;
  }

 private:
  Compilation& c_;
  std::set<std::string> seen_schemas_;
};

}  // namespace

size_t Compilation::RuleCount() const {
  size_t count = 0;
  for (const auto& module : modules) count += module->rules.size();
  return count;
}

std::unique_ptr<Compilation> CompileBundle(const std::vector<std::string>& inputs,
                                           const CompileOptions& options) {
  auto compilation = std::make_unique<Compilation>();
  Compilation& c = *compilation;
  Loader loader(c);
  std::vector<PolicyInput> policies = loader.FindPolicies(inputs);

  for (const std::string& path : options.schema_paths) loader.AddSchemaPath(path);
  std::set<fs::path> schema_folders;
  for (const PolicyInput& policy : policies) {
    fs::path folder = policy.path.parent_path() / "schemas";
    std::error_code ec;
    if (fs::is_directory(folder, ec) && schema_folders.insert(folder).second) {
      loader.AddSchemaFolder(folder);
    }
  }

  std::set<fs::path> data_folders;
  for (const PolicyInput& policy : policies) {
    fs::path folder = policy.path.parent_path() / "data";
    std::error_code ec;
    if (fs::is_directory(folder, ec) && data_folders.insert(folder).second) {
      c.data_paths.push_back(folder.string());
    }
  }
  for (const std::string& path : options.data_paths) c.data_paths.push_back(path);

  std::vector<std::pair<const SourceFile*, std::string>> read;
  for (const PolicyInput& policy : policies) {
    const SourceFile* file = loader.Read(policy.path);
    if (file != nullptr) read.emplace_back(file, policy.rule_id_prefix);
  }
  ParseAndCheck(c, read);
  return compilation;
}

std::unique_ptr<Compilation> CompileSources(const std::vector<SourceText>& policies,
                                            const std::vector<SourceText>& schemas) {
  auto compilation = std::make_unique<Compilation>();
  Compilation& c = *compilation;
  for (const SourceText& schema : schemas) {
    AddSchemaSource(
        c, c.sources.emplace_back(std::make_unique<SourceFile>(schema.path, schema.text)).get());
  }
  std::vector<std::pair<const SourceFile*, std::string>> read;
  read.reserve(policies.size());
  for (const SourceText& policy : policies) {
    read.emplace_back(
        c.sources.emplace_back(std::make_unique<SourceFile>(policy.path, policy.text)).get(),
        policy.path);
  }
  ParseAndCheck(c, read);
  return compilation;
}

}  // namespace intent::driver
