// Data documents (docs/data.md) in the form both engines read: each
// schema's documents as one record of slots (what native code reads) and
// the same as Values (what the interpreter reads). Maps are hashed; long
// lists of scalars are hashed too, so `k in m`, `m[k]` and `x in list`
// cost the same for ten entries as for a million. A DataSet never changes
// once built: reloading data builds a new one and swaps it in whole.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compiler/schema/schema.h"
#include "runtime/core/slots.h"
#include "runtime/core/value.h"

namespace intent::runtime {

// A map of a data document. Keys are looked up by their text (strings
// as is, emails as "local@domain" with the domain lower-cased) or, for int
// keys, their value.
class DataMap {
 public:
  static constexpr int64_t kMissing = -1;

  DataMap(const types::Type* type, size_t size);
  const types::Type* type() const { return type_; }
  size_t size() const { return values_.size(); }

  // Adds an entry; false when the key is already there.
  bool Add(const Slot& key, const Slot& value);
  // After every Add: the interpreter's values of the entries.
  void SetValues(std::vector<Value> values) { value_values_ = std::move(values); }

  // The entry of a key given as native code holds it (a text key's bytes
  // and length, an int key's value), or kMissing.
  int64_t FindText(std::string_view key) const;
  int64_t FindInt(int64_t key) const;
  // The same for a key as the interpreter holds it.
  int64_t Find(const Value& key) const;

  const Slot& value_slot(int64_t entry) const { return values_[static_cast<size_t>(entry)]; }
  const Value& value(int64_t entry) const { return value_values_[static_cast<size_t>(entry)]; }
  // Every key as text, in no particular order.
  std::vector<std::string> KeyTexts() const;

 private:
  const types::Type* type_;
  bool int_keys_;
  std::vector<Slot> keys_;
  std::vector<Slot> values_;
  std::vector<Value> value_values_;
  // The texts point into the data set's arena, which outlives the map.
  std::unordered_map<std::string_view, uint32_t> by_text_;
  std::unordered_map<int64_t, uint32_t> by_int_;
};

// The hash of a long list of scalars in a data document.
struct DataListIndex {
  std::unordered_set<std::string_view> texts;  // strings and emails (KeyText form)
  std::unordered_set<int64_t> words;           // ints, enums, bools, times
};

// One load of every data document of a bundle.
class DataSet {
 public:
  // Lists shorter than this are scanned: hashing them would not pay.
  static constexpr size_t kIndexedListLength = 16;

  DataSet() = default;
  DataSet(const DataSet&) = delete;
  DataSet& operator=(const DataSet&) = delete;

  // A schema's documents, fields in the order of `schema->data` (null
  // for a schema that declares none).
  const Slot* SlotsOf(const schema::Schema* schema) const;
  const Record* RecordOf(const schema::Schema* schema) const;

  // The hash of a data list, by its items (slot form) or its List (values);
  // null for anything else, such as a request's list.
  const DataListIndex* IndexOfItems(const Slot* items) const;
  const DataListIndex* IndexOfList(const List* list) const;

  // What the engines report by: a text per load ("2 documents, 1,204 entries").
  size_t entry_count() const { return entries_; }

  // Building (the data loader).
  Arena& arena() { return arena_; }
  void SetDocuments(const schema::Schema* schema, const Slot* slots, Record record);
  DataMap* AddMap(const types::Type* type, size_t size);
  void AddListIndex(const Slot* items, const List* list, DataListIndex index);
  void CountEntries(size_t n) { entries_ += n; }

 private:
  Arena arena_;
  struct Documents {
    const Slot* slots = nullptr;
    Record record;
  };
  std::unordered_map<const schema::Schema*, Documents> documents_;
  std::vector<std::unique_ptr<DataMap>> maps_;
  std::vector<std::unique_ptr<DataListIndex>> list_indexes_;
  std::unordered_map<const void*, const DataListIndex*> index_by_list_;
  size_t entries_ = 0;
};

// The error of `m[k]` when m has no key k (fail closed); `map_text` is
// the map's expression as written. Both engines report it alike.
std::string MissingKeyMessage(std::string_view map_text);

// Whether a hashed data list holds the element given in slot form
// (`text`: a string or email, else a word).
bool DataListContains(const DataListIndex& index, bool text, uint64_t word, uint64_t extra);
// The same for an element as the interpreter holds it.
bool DataListContains(const DataListIndex& index, const Value& element);

}  // namespace intent::runtime
