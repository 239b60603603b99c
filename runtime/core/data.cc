// Data documents' maps and hashed lists (docs/data.md).
#include "runtime/core/data.h"

#include <algorithm>

namespace intent::runtime {

DataMap::DataMap(const types::Type* type, size_t size)
    : type_(type), int_keys_(type->key()->Is(types::TypeKind::kInt)) {
  keys_.reserve(size);
  values_.reserve(size);
  if (int_keys_) {
    by_int_.reserve(size);
  } else {
    by_text_.reserve(size);
  }
}

bool DataMap::Add(const Slot& key, const Slot& value) {
  auto entry = static_cast<uint32_t>(values_.size());
  bool added = int_keys_ ? by_int_.emplace(static_cast<int64_t>(key.word), entry).second
                         : by_text_.emplace(TextOf(key), entry).second;
  if (!added) return false;
  keys_.push_back(key);
  values_.push_back(value);
  return true;
}

int64_t DataMap::FindText(std::string_view key) const {
  auto it = by_text_.find(key);
  return it == by_text_.end() ? kMissing : it->second;
}

int64_t DataMap::FindInt(int64_t key) const {
  auto it = by_int_.find(key);
  return it == by_int_.end() ? kMissing : it->second;
}

int64_t DataMap::Find(const Value& key) const {
  if (key.Is<int64_t>()) return FindInt(key.As<int64_t>());
  if (key.Is<std::string>()) return FindText(key.As<std::string>());
  if (key.Is<Email>()) {
    const Email& email = key.As<Email>();
    return FindText(email.local + "@" + email.domain);
  }
  return kMissing;
}

std::vector<std::string> DataMap::KeyTexts() const {
  std::vector<std::string> out;
  out.reserve(keys_.size());
  for (const Slot& key : keys_) {
    out.push_back(int_keys_ ? std::to_string(static_cast<int64_t>(key.word))
                            : std::string(TextOf(key)));
  }
  return out;
}

const Slot* DataSet::SlotsOf(const schema::Schema* schema) const {
  auto it = documents_.find(schema);
  return it == documents_.end() ? nullptr : it->second.slots;
}

const Record* DataSet::RecordOf(const schema::Schema* schema) const {
  auto it = documents_.find(schema);
  return it == documents_.end() ? nullptr : &it->second.record;
}

const DataListIndex* DataSet::IndexOfItems(const Slot* items) const {
  auto it = index_by_list_.find(items);
  return it == index_by_list_.end() ? nullptr : it->second;
}

const DataListIndex* DataSet::IndexOfList(const List* list) const {
  auto it = index_by_list_.find(list);
  return it == index_by_list_.end() ? nullptr : it->second;
}

void DataSet::SetDocuments(const schema::Schema* schema, const Slot* slots, Record record) {
  documents_[schema] = Documents{slots, std::move(record)};
}

DataMap* DataSet::AddMap(const types::Type* type, size_t size) {
  maps_.push_back(std::make_unique<DataMap>(type, size));
  return maps_.back().get();
}

void DataSet::AddListIndex(const Slot* items, const List* list, DataListIndex index) {
  list_indexes_.push_back(std::make_unique<DataListIndex>(std::move(index)));
  index_by_list_[items] = list_indexes_.back().get();
  index_by_list_[list] = list_indexes_.back().get();
}

std::string MissingKeyMessage(std::string_view map_text) {
  return "'" + std::string(map_text) + "' has no entry for that key";
}

bool DataListContains(const DataListIndex& index, bool text, uint64_t word, uint64_t extra) {
  if (text) {
    return index.texts.count(TextOf(Slot{word, extra})) > 0;
  }
  return index.words.count(static_cast<int64_t>(word)) > 0;
}

bool DataListContains(const DataListIndex& index, const Value& element) {
  struct Visitor {
    const DataListIndex& index;
    bool operator()(const std::string& s) const { return index.texts.count(s) > 0; }
    bool operator()(const Email& e) const {
      return index.texts.count(e.local + "@" + e.domain) > 0;
    }
    bool operator()(bool b) const { return index.words.count(b ? 1 : 0) > 0; }
    bool operator()(int64_t i) const { return index.words.count(i) > 0; }
    bool operator()(Timestamp t) const { return index.words.count(t.micros) > 0; }
    bool operator()(Duration d) const { return index.words.count(d.micros) > 0; }
    bool operator()(EnumValue e) const { return index.words.count(e.index) > 0; }
    bool operator()(const Absent&) const { return false; }
    bool operator()(const ListPtr&) const { return false; }
    bool operator()(const RecordPtr&) const { return false; }
    bool operator()(const MapRef&) const { return false; }
  };
  return std::visit(Visitor{index}, element.storage());
}

}  // namespace intent::runtime
