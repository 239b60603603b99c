// A forgiving, position-recording JSON scanner. It never builds values (that
// is nlohmann's job); it only remembers where keys and values start and end.
#include "compiler/schema/json_locator.h"

#include <fmt/format.h>

#include <algorithm>

#include "compiler/schema/type_string.h"

namespace intent::schema {
namespace {

void AppendUtf8(uint32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    out->push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

bool ReadHex4(std::string_view text, size_t pos, uint32_t* value) {
  if (pos + 4 > text.size()) return false;
  *value = 0;
  for (size_t i = pos; i < pos + 4; ++i) {
    char c = text[i];
    uint32_t digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return false;
    }
    *value = *value * 16 + digit;
  }
  return true;
}

// Decodes the JSON string starting at the quote at `*pos`; leaves `*pos`
// just past the closing quote. Shared by the scanner and by Find(), which
// reads quoted keys back out of paths.
bool DecodeJsonString(std::string_view text, size_t* pos, std::string* out) {
  size_t i = *pos;
  if (i >= text.size() || text[i] != '"') return false;
  ++i;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') {
      *pos = i + 1;
      return true;
    }
    if (static_cast<unsigned char>(c) < 0x20) return false;
    if (c != '\\') {
      out->push_back(c);
      ++i;
      continue;
    }
    if (++i >= text.size()) return false;
    char escape = text[i++];
    switch (escape) {
      case '"': out->push_back('"'); break;
      case '\\': out->push_back('\\'); break;
      case '/': out->push_back('/'); break;
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'u': {
        uint32_t unit;
        if (!ReadHex4(text, i, &unit)) return false;
        i += 4;
        if (unit >= 0xDC00 && unit <= 0xDFFF) return false;
        if (unit >= 0xD800 && unit <= 0xDBFF) {
          uint32_t low;
          if (i + 1 >= text.size() || text[i] != '\\' || text[i + 1] != 'u' ||
              !ReadHex4(text, i + 2, &low) || low < 0xDC00 || low > 0xDFFF) {
            return false;
          }
          i += 6;
          unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        }
        AppendUtf8(unit, out);
        break;
      }
      default: return false;
    }
  }
  return false;
}

}  // namespace

std::string JsonChildPath(std::string_view parent, std::string_view key) {
  if (IsIdentifier(key)) return fmt::format("{}.{}", parent, key);
  std::string quoted;
  for (char c : key) {
    if (c == '"' || c == '\\') {
      quoted.push_back('\\');
      quoted.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      quoted += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      quoted.push_back(c);
    }
  }
  return fmt::format("{}[\"{}\"]", parent, quoted);
}

std::string JsonIndexPath(std::string_view parent, size_t index) {
  return fmt::format("{}[{}]", parent, index);
}

JsonLocator::JsonLocator(std::string_view text) : text_(text) {
  nodes_.push_back(Node{});
  // nlohmann skips a UTF-8 byte order mark, so must we.
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  if (!ScanValue(0, 0)) return;
  SkipWhitespace();
  if (pos_ != text_.size()) Fail();
}

bool JsonLocator::Fail() {
  if (ok_) error_offset_ = static_cast<uint32_t>(std::min(pos_, text_.size()));
  ok_ = false;
  return false;
}

void JsonLocator::SkipWhitespace() {
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    ++pos_;
  }
}

bool JsonLocator::ScanValue(uint32_t node, int depth) {
  SkipWhitespace();
  if (pos_ >= text_.size()) return Fail();
  size_t begin = pos_;
  bool scanned;
  switch (text_[pos_]) {
    case '{': scanned = ScanObject(node, depth + 1); break;
    case '[': scanned = ScanArray(node, depth + 1); break;
    case '"': {
      std::string ignored;
      scanned = ScanString(&ignored);
      break;
    }
    case 't': scanned = ScanLiteral("true"); break;
    case 'f': scanned = ScanLiteral("false"); break;
    case 'n': scanned = ScanLiteral("null"); break;
    default: scanned = ScanNumber(); break;
  }
  // Record the span even after a failure inside a container, so a partial
  // scan still locates the enclosing values.
  nodes_[node].location.value = {static_cast<uint32_t>(begin), static_cast<uint32_t>(pos_)};
  return scanned;
}

bool JsonLocator::ScanObject(uint32_t node, int depth) {
  if (depth > kMaxDepth) {
    too_deep_ = true;
    return Fail();
  }
  ++pos_;  // '{'
  SkipWhitespace();
  if (pos_ < text_.size() && text_[pos_] == '}') {
    ++pos_;
    return true;
  }
  while (true) {
    SkipWhitespace();
    size_t key_begin = pos_;
    std::string key;
    if (!ScanString(&key)) return false;
    SourceSpan key_span{static_cast<uint32_t>(key_begin), static_cast<uint32_t>(pos_)};
    std::string child_key = ChildKey(node, 'k', key);
    if (children_.count(child_key) > 0) {
      duplicates_.push_back(JsonDuplicateKey{PathOf(node), key, key_span});
    }
    // A repeated key replaces the earlier subtree, as nlohmann keeps the last.
    uint32_t child = AddChild(node, child_key, JsonChildPath("", key));
    nodes_[child].location.has_key = true;
    nodes_[child].location.key = key_span;
    SkipWhitespace();
    if (pos_ >= text_.size() || text_[pos_] != ':') return Fail();
    ++pos_;
    if (!ScanValue(child, depth)) return false;
    SkipWhitespace();
    if (pos_ >= text_.size()) return Fail();
    if (text_[pos_] == '}') {
      ++pos_;
      return true;
    }
    if (text_[pos_] != ',') return Fail();
    ++pos_;
  }
}

bool JsonLocator::ScanArray(uint32_t node, int depth) {
  if (depth > kMaxDepth) {
    too_deep_ = true;
    return Fail();
  }
  ++pos_;  // '['
  SkipWhitespace();
  if (pos_ < text_.size() && text_[pos_] == ']') {
    ++pos_;
    return true;
  }
  for (size_t index = 0;; ++index) {
    std::string name = std::to_string(index);
    uint32_t child = AddChild(node, ChildKey(node, 'i', name), "[" + name + "]");
    if (!ScanValue(child, depth)) return false;
    SkipWhitespace();
    if (pos_ >= text_.size()) return Fail();
    if (text_[pos_] == ']') {
      ++pos_;
      return true;
    }
    if (text_[pos_] != ',') return Fail();
    ++pos_;
  }
}

bool JsonLocator::ScanString(std::string* decoded) {
  if (!DecodeJsonString(text_, &pos_, decoded)) {
    // Point at the string's start: good enough for a failure nlohmann
    // should already have reported.
    return Fail();
  }
  return true;
}

bool JsonLocator::ScanLiteral(std::string_view word) {
  if (text_.substr(pos_, word.size()) != word) return Fail();
  pos_ += word.size();
  return true;
}

bool JsonLocator::ScanNumber() {
  // Loose on purpose: nlohmann has already validated the number's form.
  size_t begin = pos_;
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) {
      break;
    }
    ++pos_;
  }
  return pos_ > begin ? true : Fail();
}

std::string JsonLocator::ChildKey(uint32_t parent, char kind, std::string_view name) {
  std::string key = std::to_string(parent);
  key.push_back('\x01');
  key.push_back(kind);
  key.append(name);
  return key;
}

uint32_t JsonLocator::AddChild(uint32_t parent, const std::string& child_key, std::string segment) {
  uint32_t child = static_cast<uint32_t>(nodes_.size());
  nodes_.push_back(Node{JsonLocation{}, parent, std::move(segment)});
  children_[child_key] = child;
  return child;
}

std::string JsonLocator::PathOf(uint32_t node) const {
  std::vector<uint32_t> chain;
  for (uint32_t n = node; n != 0; n = nodes_[n].parent) chain.push_back(n);
  std::string path = "$";
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) path += nodes_[*it].segment;
  return path;
}

const JsonLocation* JsonLocator::Find(std::string_view path) const {
  if (path.empty() || path[0] != '$') return nullptr;
  uint32_t node = 0;
  size_t i = 1;
  while (i < path.size()) {
    std::string child_key;
    if (path[i] == '.') {
      size_t begin = ++i;
      while (i < path.size() && path[i] != '.' && path[i] != '[') ++i;
      child_key = ChildKey(node, 'k', path.substr(begin, i - begin));
    } else if (path[i] == '[' && i + 1 < path.size() && path[i + 1] == '"') {
      std::string key;
      size_t pos = i + 1;
      if (!DecodeJsonString(path, &pos, &key) || pos >= path.size() || path[pos] != ']') {
        return nullptr;
      }
      i = pos + 1;
      child_key = ChildKey(node, 'k', key);
    } else if (path[i] == '[') {
      size_t begin = ++i;
      while (i < path.size() && path[i] >= '0' && path[i] <= '9') ++i;
      if (i == begin || i >= path.size() || path[i] != ']') return nullptr;
      child_key = ChildKey(node, 'i', path.substr(begin, i - begin));
      ++i;
    } else {
      return nullptr;
    }
    auto it = children_.find(child_key);
    if (it == children_.end()) return nullptr;
    node = it->second;
  }
  return &nodes_[node].location;
}

}  // namespace intent::schema
