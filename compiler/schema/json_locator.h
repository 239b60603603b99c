// Finds where each part of a JSON document sits in its text. nlohmann/json
// parses schemas but forgets positions and silently drops duplicate keys;
// this scanner walks the same text again to recover both, so schema
// diagnostics can point at the offending key or value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/source/source_file.h"

namespace intent::schema {

// JSON paths as they appear in diagnostics: "$", "$.types.Message.sender",
// "$.types.Status[2]". Keys that are not identifiers are quoted:
// "$.types[\"bad name\"]".
std::string JsonChildPath(std::string_view parent, std::string_view key);
std::string JsonIndexPath(std::string_view parent, size_t index);

struct JsonLocation {
  bool has_key = false;  // false for the root and for array elements
  SourceSpan key;        // the member's key, quotes included
  SourceSpan value;      // the whole value: quotes, brackets and braces included
};

struct JsonDuplicateKey {
  std::string object_path;  // path of the object holding the key twice
  std::string key;          // the key, unescaped
  SourceSpan span;          // the later occurrence of the key
};

class JsonLocator {
 public:
  // Deeper nesting aborts the scan (ok() false, too_deep() true).
  static constexpr int kMaxDepth = 256;

  // Scans `text` once. Never throws. On malformed or too deeply nested
  // input the scan stops: ok() is false and what was recorded so far stays.
  explicit JsonLocator(std::string_view text);

  bool ok() const { return ok_; }
  bool too_deep() const { return too_deep_; }
  // Byte offset where the scan stopped, when !ok().
  uint32_t error_offset() const { return error_offset_; }

  // The location of the value at `path` (as built by JsonChildPath and
  // JsonIndexPath), or null when the scan did not record one. For a key
  // given twice, the later occurrence is the one recorded, as in nlohmann.
  const JsonLocation* Find(std::string_view path) const;

  // Every key repeated within one object, in text order.
  const std::vector<JsonDuplicateKey>& duplicate_keys() const { return duplicates_; }

 private:
  struct Node {
    JsonLocation location;
    uint32_t parent = 0;
    std::string segment;  // as printed after the parent's path: ".key", "[3]"
  };

  bool ScanValue(uint32_t node, int depth);
  bool ScanObject(uint32_t node, int depth);
  bool ScanArray(uint32_t node, int depth);
  bool ScanString(std::string* decoded);
  bool ScanLiteral(std::string_view word);
  bool ScanNumber();
  void SkipWhitespace();
  bool Fail();
  uint32_t AddChild(uint32_t parent, const std::string& child_key, std::string segment);
  std::string PathOf(uint32_t node) const;
  // Children are found by "<parent id>\x01<k|i><key or index>".
  static std::string ChildKey(uint32_t parent, char kind, std::string_view name);

  std::string_view text_;
  size_t pos_ = 0;
  bool ok_ = true;
  bool too_deep_ = false;
  uint32_t error_offset_ = 0;
  // A tree, rather than a map from full path to location, keeps memory
  // linear in the size of the text even for long keys nested deeply.
  std::vector<Node> nodes_;
  std::unordered_map<std::string, uint32_t> children_;
  std::vector<JsonDuplicateKey> duplicates_;
};

}  // namespace intent::schema
