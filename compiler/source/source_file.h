// A source file held in memory for the whole compilation, so diagnostics can
// quote lines without re-reading the file. Spans are byte offsets; columns
// shown to users are counted in code points (see LineColumn).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace intent {

// A half-open byte range [begin, end) in one SourceFile.
struct SourceSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  static SourceSpan Join(SourceSpan a, SourceSpan b) {
    return {a.begin < b.begin ? a.begin : b.begin, a.end > b.end ? a.end : b.end};
  }
};

// 1-based line and code-point column.
struct LineColumn {
  uint32_t line = 1;
  uint32_t column = 1;
};

class SourceFile {
 public:
  // `path` is the name shown in diagnostics; `text` is the whole content.
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  std::string_view text() const { return text_; }
  std::string_view Slice(SourceSpan span) const;

  // Position of a byte offset (clamped to the file's size). The column
  // costs time linear in the line's length; LineOf does not.
  LineColumn Locate(uint32_t offset) const;
  uint32_t LineOf(uint32_t offset) const;
  // The text of a 1-based line, without its line terminator.
  std::string_view Line(uint32_t line) const;
  uint32_t LineCount() const { return static_cast<uint32_t>(line_starts_.size()); }

  // ANTLR reports positions in code points; this converts them to bytes.
  uint32_t ByteOffsetOfCodePoint(uint32_t code_point_index) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
  // Byte offset of every code point; built lazily (only for parsed files).
  mutable std::vector<uint32_t> code_point_offsets_;
};

// Returns the byte offset of the first invalid UTF-8 sequence, or -1 when
// `text` is valid UTF-8 (overlong forms and surrogates are invalid).
int64_t FindInvalidUtf8(std::string_view text);

}  // namespace intent
