// Data files -> DataSet: binding with the request binder, then hashing
// maps and long lists while building the interpreter's values.
#include "runtime/bind/bind_data.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "compiler/schema/json_locator.h"
#include "runtime/bind/bind_value.h"

namespace intent::runtime {
namespace {

namespace ondemand = simdjson::ondemand;
using bind_internal::Binder;
using bind_internal::Printable;

constexpr size_t kMaxDataDepth = 64;

// A declared document: its schema and field.
struct Declared {
  const schema::Schema* schema;
  const types::Field* field;
  size_t index;  // in schema->data.fields
};

class DataBinder {
 public:
  DataBinder(const schema::SchemaSet& schemas, DiagnosticBag& diagnostics)
      : diagnostics_(diagnostics), set_(std::make_shared<DataSet>()) {
    for (const std::string& name : schemas.Names()) {
      const schema::Schema* schema = schemas.Find(name);
      if (schema == nullptr || schema->data.fields.empty()) continue;
      auto& bound = bound_[schema];
      bound.assign(schema->data.fields.size(), Slot{});
      given_[schema].assign(schema->data.fields.size(), nullptr);
      for (size_t i = 0; i < schema->data.fields.size(); ++i) {
        const types::Field& field = schema->data.fields[i];
        by_name_[field.name].push_back({schema, &field, i});
        by_name_[schema->name + "." + field.name].push_back({schema, &field, i});
      }
    }
  }

  void BindFile(const SourceFile& file) {
    file_ = &file;
    std::string stem = std::filesystem::path(file.path()).stem().string();
    simdjson::padded_string text(file.text());
    ondemand::document document;
    if (auto error = parser_.iterate(text).get(document)) return NotJson(error);
    ondemand::value root;
    if (auto error = document.get_value().get(root)) return NotJson(error);
    if (auto it = by_name_.find(stem); it != by_name_.end()) {
      if (const Declared* declared = Unique(it->second, stem, "$")) Bind(root, *declared, "$");
    } else {
      ondemand::object object;
      if (root.get_object().get(object) != simdjson::SUCCESS) {
        Report(DiagKind::kDataUnknownName, "$",
               fmt::format("data file '{}' names no data document, and is not an object of "
                           "documents",
                           Printable(stem)),
               "name the file after a document (" + KnownNames() +
                   ".json), or make it an object whose members are documents");
        return;
      }
      for (auto member_result : object) {
        ondemand::field member;
        std::string_view key;
        if (auto error = std::move(member_result).get(member)) return NotJson(error);
        if (auto error = member.unescaped_key().get(key)) return NotJson(error);
        std::string path = schema::JsonChildPath("$", key);
        auto it = by_name_.find(std::string(key));
        if (it == by_name_.end()) {
          Report(DiagKind::kDataUnknownName, path,
                 fmt::format("no schema declares a data document '{}'", Printable(key)),
                 "the declared documents are " + KnownNames());
          continue;
        }
        if (const Declared* declared = Unique(it->second, key, path)) {
          if (!Bind(member.value(), *declared, path)) return;
        }
      }
    }
  }

  std::shared_ptr<const DataSet> Finish() {
    for (auto& [schema, slots] : bound_) {
      const auto& given = given_[schema];
      for (size_t i = 0; i < slots.size(); ++i) {
        if (given[i] != nullptr) continue;
        const types::Field& field = schema->data.fields[i];
        diagnostics_.Report(
            DiagKind::kDataMissing, schema->file, field.span,
            fmt::format("no data file gives document '{}' of schema '{}'", field.name,
                        schema->name),
            fmt::format("add '{}.json' to a 'data/' folder beside the policies, or pass --data",
                        field.name));
      }
    }
    if (diagnostics_.ErrorCount() > errors_before_) return nullptr;
    for (auto& [schema, slots] : bound_) {
      Slot* fields = set_->arena().Slots(slots.size());
      Record record;
      record.type = &schema->data;
      for (size_t i = 0; i < slots.size(); ++i) {
        fields[i] = slots[i];
        record.fields.push_back(std::move(values_[schema][i]));
      }
      set_->SetDocuments(schema, fields, std::move(record));
    }
    return set_;
  }

 private:
  const Declared* Unique(const std::vector<Declared>& candidates, std::string_view name,
                         const std::string& path) {
    if (candidates.size() == 1) return &candidates.front();
    Report(DiagKind::kDataUnknownName, path,
           fmt::format("several schemas declare a data document '{}'", Printable(name)),
           "name it with its schema, as 'SCHEMA." + std::string(name) + "'");
    return nullptr;
  }

  // Binds one document; false after a JSON error (the file is abandoned).
  bool Bind(ondemand::value value, const Declared& declared, const std::string& path) {
    const SourceFile*& given = given_[declared.schema][declared.index];
    if (given != nullptr) {
      Report(DiagKind::kDataDuplicate, path,
             fmt::format("data document '{}' is given twice: here and in '{}'",
                         declared.field->name, given->path()),
             "keep one of them");
      return true;
    }
    given = file_;
    Binder binder(kMaxDataDepth, kMaxDataEntries, set_->arena(), scratch_);
    Slot slot;
    if (!binder.BindValue(value, *declared.field->type, /*optional=*/false, slot)) {
      std::string error_path = binder.ErrorJsonPath(path);
      std::optional<BindError> error = binder.TakeError();
      if (binder.json_error()) {
        Report(DiagKind::kDataNotJson, error_path,
               fmt::format("data file is not valid JSON: {} (in {})",
                           error ? error->message : "malformed JSON", error_path),
               "");
        return false;
      }
      Report(DiagKind::kDataWrongType, error_path,
             fmt::format("{}: {}", error_path, error ? error->message : "invalid value"),
             fmt::format("document '{}' is declared as '{}'", declared.field->name,
                         declared.field->type->ToString()));
      return false;
    }
    std::vector<Value>& values = values_[declared.schema];
    values.resize(declared.schema->data.fields.size());
    values[declared.index] = Hash(slot, *declared.field->type, path);
    bound_[declared.schema][declared.index] = slot;
    return true;
  }

  // Rewrites the maps within `slot` (key and value pairs as bound) into
  // hashed DataMaps, hashes long lists, and returns the interpreter's value.
  Value Hash(Slot& slot, const types::Type& type, const std::string& path) {
    // An absent optional field stays absent, whatever its type: an absent
    // list or map is not an empty one (`has` tells them apart).
    if (IsAbsent(slot)) return Absent{};
    switch (type.kind()) {
      case types::TypeKind::kMap: {
        // The slots were bound into this data set's arena: writable.
        auto* pairs = reinterpret_cast<Slot*>(slot.word);  // NOLINT(performance-no-int-to-ptr)
        size_t count = LengthOf(slot);
        DataMap* map = set_->AddMap(&type, count);
        std::vector<Value> values;
        values.reserve(count);
        for (size_t i = 0; i < count; ++i) {
          Slot& key = pairs[2 * i];
          std::string key_text = type.key()->Is(types::TypeKind::kInt)
                                     ? std::to_string(static_cast<int64_t>(key.word))
                                     : std::string(TextOf(key));
          std::string value_path = schema::JsonChildPath(path, key_text);
          Value value = Hash(pairs[2 * i + 1], *type.element(), value_path);
          if (!map->Add(key, pairs[2 * i + 1])) {
            Report(DiagKind::kDataDuplicate, value_path,
                   fmt::format("{}: key '{}' is given twice", path, Printable(key_text)),
                   type.key()->Is(types::TypeKind::kEmail)
                       ? "email keys equal ignoring the domain's case are the same key"
                       : "JSON readers keep only one of them; remove the other");
            continue;
          }
          values.push_back(std::move(value));
        }
        map->SetValues(std::move(values));
        set_->CountEntries(count);
        slot = {reinterpret_cast<uint64_t>(map), map->size()};
        return MapRef{map};
      }
      case types::TypeKind::kList: {
        auto* items = reinterpret_cast<Slot*>(slot.word);  // NOLINT(performance-no-int-to-ptr)
        size_t count = LengthOf(slot);
        auto list = std::make_shared<List>();
        list->reserve(count);
        for (size_t i = 0; i < count; ++i) {
          list->push_back(Hash(items[i], *type.element(), schema::JsonIndexPath(path, i)));
        }
        const types::Type& element = *type.element();
        if (count >= DataSet::kIndexedListLength && element.IsScalar()) {
          DataListIndex index;
          bool text = element.Is(types::TypeKind::kString) || element.Is(types::TypeKind::kEmail);
          for (size_t i = 0; i < count; ++i) {
            if (text) {
              index.texts.insert(TextOf(items[i]));
            } else {
              index.words.insert(static_cast<int64_t>(items[i].word));
            }
          }
          set_->AddListIndex(items, list.get(), std::move(index));
        }
        set_->CountEntries(count);
        return ListPtr(std::move(list));
      }
      case types::TypeKind::kRecord: {
        auto* fields = reinterpret_cast<Slot*>(slot.word);  // NOLINT(performance-no-int-to-ptr)
        auto record = std::make_shared<Record>();
        record->type = type.record();
        for (size_t i = 0; i < type.record()->fields.size(); ++i) {
          const types::Field& field = type.record()->fields[i];
          record->fields.push_back(
              Hash(fields[i], *field.type, schema::JsonChildPath(path, field.name)));
        }
        return RecordPtr(std::move(record));
      }
      default: return ValueOfSlot(slot, type);
    }
  }

  std::string KnownNames() const {
    std::string names;
    for (const auto& [name, declared] : by_name_) {
      if (name.find('.') != std::string::npos) continue;
      names += (names.empty() ? "'" : ", '") + name + "'";
    }
    return names.empty() ? "(none: no schema declares \"data\")" : names;
  }

  void NotJson(simdjson::error_code error) {
    diagnostics_.Report(
        DiagKind::kDataNotJson, file_, {0, std::min<uint32_t>(1, Size())},
        fmt::format("data file is not valid JSON: {}", simdjson::error_message(error)));
  }

  uint32_t Size() const { return static_cast<uint32_t>(file_->text().size()); }

  void Report(DiagKind kind, const std::string& path, std::string message, std::string help) {
    // Positions are worked out only for errors: a second scan of the text.
    if (!locator_ || locator_file_ != file_) {
      locator_ = std::make_unique<schema::JsonLocator>(file_->text());
      locator_file_ = file_;
    }
    SourceSpan span{0, std::min<uint32_t>(1, Size())};
    if (const schema::JsonLocation* location = locator_->Find(path)) {
      span =
          kind == DiagKind::kDataDuplicate && location->has_key ? location->key : location->value;
    }
    diagnostics_.Report(kind, file_, span, std::move(message), std::move(help));
  }

  DiagnosticBag& diagnostics_;
  size_t errors_before_ = diagnostics_.ErrorCount();
  std::shared_ptr<DataSet> set_;
  ondemand::parser parser_;
  bind_internal::Scratch scratch_;
  const SourceFile* file_ = nullptr;
  std::unique_ptr<schema::JsonLocator> locator_;
  const SourceFile* locator_file_ = nullptr;
  std::map<std::string, std::vector<Declared>> by_name_;
  std::map<const schema::Schema*, std::vector<Slot>> bound_;
  std::map<const schema::Schema*, std::vector<Value>> values_;
  std::map<const schema::Schema*, std::vector<const SourceFile*>> given_;
};

// Reads a whole file; false (with `why`) when it cannot be read.
bool ReadFile(const std::filesystem::path& path, std::string& text, std::string& why) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = errno != 0 ? std::strerror(errno) : "cannot open";
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    why = "read error";
    return false;
  }
  text = std::move(buffer).str();
  return true;
}

}  // namespace

std::shared_ptr<const DataSet> LoadData(const std::vector<std::string>& paths,
                                        const schema::SchemaSet& schemas,
                                        std::vector<std::unique_ptr<SourceFile>>& sources,
                                        DiagnosticBag& diagnostics, bool* io_error) {
  namespace fs = std::filesystem;
  size_t errors_before = diagnostics.ErrorCount();
  auto cannot_read = [&](const std::string& path, const std::string& why) {
    auto& file = sources.emplace_back(std::make_unique<SourceFile>(path, ""));
    Diagnostic& d = diagnostics.Report(DiagKind::kCannotReadFile, file.get(), {},
                                       fmt::format("cannot read '{}': {}", path, why));
    d.positioned = false;
    if (io_error != nullptr) *io_error = true;
  };
  std::vector<fs::path> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> found;
      for (const auto& entry : fs::directory_iterator(path, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") {
          found.push_back(entry.path());
        }
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      files.emplace_back(path);
    } else {
      cannot_read(path, "No such file or directory");
    }
  }
  std::vector<const SourceFile*> read;
  for (const fs::path& file : files) {
    std::string text;
    std::string why;
    if (!ReadFile(file, text, why)) {
      cannot_read(file.string(), why);
      continue;
    }
    read.push_back(
        sources.emplace_back(std::make_unique<SourceFile>(file.string(), std::move(text))).get());
  }
  if (diagnostics.ErrorCount() > errors_before) return nullptr;
  return BindData(read, schemas, diagnostics);
}

std::shared_ptr<const DataSet> BindData(const std::vector<const SourceFile*>& files,
                                        const schema::SchemaSet& schemas,
                                        DiagnosticBag& diagnostics) {
  size_t errors_before = diagnostics.ErrorCount();
  try {
    DataBinder binder(schemas, diagnostics);
    for (const SourceFile* file : files) binder.BindFile(*file);
    return binder.Finish();
  } catch (const std::exception& error) {
    if (diagnostics.ErrorCount() == errors_before) {
      diagnostics.Report(DiagKind::kDataNotJson, files.empty() ? nullptr : files.front(), {},
                         std::string("data could not be loaded: ") + error.what());
    }
    return nullptr;
  }
}

}  // namespace intent::runtime
