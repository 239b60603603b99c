// A tiny hand-written parser for schema type strings; the grammar is too
// small to deserve anything more.
#include "compiler/schema/type_string.h"

#include <fmt/format.h>

namespace intent::schema {
namespace {

bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }

// Describes the next character for an error message.
std::string Describe(std::string_view text, size_t pos) {
  if (pos >= text.size()) return "the end of the type";
  // Show a whole UTF-8 sequence rather than a lone byte of it.
  size_t end = pos + 1;
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  return fmt::format("'{}'", text.substr(pos, end - pos));
}

class TypeStringParser {
 public:
  explicit TypeStringParser(std::string_view text) : text_(text) {}

  TypeStringResult Parse() {
    TypeStringResult result;
    SkipSpaces();
    if (pos_ == text_.size()) return Fail("the type is empty");
    // Each "list<" or "map<KEY," opens one level; the matching ">"s follow
    // the base name.
    while (true) {
      std::string_view name = ReadName();
      if (name.empty()) {
        return Fail(fmt::format("expected a type name, found {}", Describe(text_, pos_)));
      }
      SkipSpaces();
      bool is_wrapper = name == "list" || name == "map";
      if (is_wrapper && Peek() != '<') {
        return Fail(name == "list" ? "'list' needs an element type, as in 'list<string>'"
                                   : "'map' needs a key and a value type, as in "
                                     "'map<string, User>'");
      }
      if (!is_wrapper) {
        result.type.base = std::string(name);
        break;
      }
      if (++result.type.list_depth > kMaxListDepth) {
        return Fail(fmt::format("lists are nested more than {} levels deep", kMaxListDepth));
      }
      ++pos_;  // '<'
      SkipSpaces();
      TypeWrapper wrapper;
      if (name == "map") {
        wrapper.is_map = true;
        std::string_view key = ReadName();
        if (key.empty()) {
          return Fail(fmt::format("expected a map's key type, found {}", Describe(text_, pos_)));
        }
        wrapper.key = std::string(key);
        SkipSpaces();
        if (Peek() != ',') {
          return Fail(fmt::format("expected ',' after the map's key type, found {}",
                                  Describe(text_, pos_)));
        }
        ++pos_;
        SkipSpaces();
      }
      result.type.wrappers.push_back(std::move(wrapper));
    }
    for (uint32_t i = 0; i < result.type.list_depth; ++i) {
      SkipSpaces();
      if (Peek() == '?') return Fail("'?' is only allowed at the end of a field's type");
      if (Peek() != '>') return Fail(fmt::format("expected '>', found {}", Describe(text_, pos_)));
      ++pos_;
    }
    SkipSpaces();
    if (Peek() == '?') {
      result.type.optional = true;
      ++pos_;
      SkipSpaces();
      if (Peek() == '?') return Fail("a type can be marked optional only once");
    }
    if (pos_ != text_.size()) {
      if (text_[pos_] == '<') {
        return Fail(fmt::format("'{}' takes no type arguments", result.type.base));
      }
      return Fail(fmt::format("unexpected {} after the type", Describe(text_, pos_)));
    }
    result.ok = true;
    return result;
  }

 private:
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void SkipSpaces() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  std::string_view ReadName() {
    if (pos_ >= text_.size() || !IsIdentStart(text_[pos_])) return {};
    size_t start = pos_;
    while (pos_ < text_.size() && IsIdentChar(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }
  static TypeStringResult Fail(std::string error) {
    TypeStringResult result;
    result.error = std::move(error);
    return result;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

TypeStringResult ParseTypeString(std::string_view text) { return TypeStringParser(text).Parse(); }

bool IsIdentifier(std::string_view text) {
  if (text.empty() || !IsIdentStart(text[0])) return false;
  for (char c : text) {
    if (!IsIdentChar(c)) return false;
  }
  return true;
}

}  // namespace intent::schema
