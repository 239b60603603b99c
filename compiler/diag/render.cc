// Text and JSON rendering of diagnostics.
#include "compiler/diag/render.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace intent {
namespace {

constexpr uint32_t kTabStop = 4;
// Lines longer than this are shown as a window around the span, so that a
// 1 MB one-line file does not print 1 MB per diagnostic.
constexpr uint32_t kMaxShownColumns = 160;

const char* SeverityName(const Diagnostic& d, const RenderOptions& options) {
  if (d.severity == Severity::kError || options.warnings_as_errors) return "error";
  return "warning";
}

struct Cell {
  std::string text;  // one code point, or spaces for a tab
  uint32_t width;
};

// Splits a line into display cells (code points; tabs expanded; control
// characters shown as '?').
std::vector<Cell> Cells(std::string_view line) {
  std::vector<Cell> cells;
  uint32_t column = 0;
  for (size_t i = 0; i < line.size();) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    size_t length = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    length = std::min(length, line.size() - i);
    if (c == '\t') {
      uint32_t width = kTabStop - column % kTabStop;
      cells.push_back({std::string(width, ' '), width});
    } else if (c < 0x20 || c == 0x7F || FindInvalidUtf8(line.substr(i, length)) >= 0) {
      // Control bytes and broken UTF-8 would garble the terminal.
      cells.push_back({"?", 1});
      length = c < 0x80 || FindInvalidUtf8(line.substr(i, length)) < 0 ? length : 1;
    } else {
      cells.push_back({std::string(line.substr(i, length)), 1});
    }
    column += cells.back().width;
    i += length;
  }
  return cells;
}

void AppendSnippet(std::string& out, const Diagnostic& d) {
  const SourceFile& file = *d.file;
  LineColumn begin = file.Locate(d.span.begin);
  LineColumn end = file.Locate(d.span.end);
  std::vector<Cell> cells = Cells(file.Line(begin.line));
  uint32_t first = begin.column - 1;  // cell index of the span start
  uint32_t last = end.line == begin.line ? end.column - 1 : static_cast<uint32_t>(cells.size());
  if (last <= first) last = first + 1;

  uint32_t window_begin = 0;
  if (cells.size() > kMaxShownColumns && first > kMaxShownColumns / 2) {
    window_begin = first - kMaxShownColumns / 2;
  }
  uint32_t window_end =
      std::min<uint32_t>(static_cast<uint32_t>(cells.size()), window_begin + kMaxShownColumns);
  std::string line = "  ", marks = "  ";
  if (window_begin > 0) {
    line += "...";
    marks += "   ";
  }
  for (uint32_t i = window_begin; i < window_end; ++i) line += cells[i].text;
  // Marks run to the end of the span, or one past the line for a span at
  // the end of the line (a missing token there).
  for (uint32_t i = window_begin; i < std::min(last, window_end + 1); ++i) {
    uint32_t width = i < cells.size() ? cells[i].width : 1;
    char mark = i == first ? '^' : (i > first ? '~' : ' ');
    marks.push_back(mark);
    marks.append(width - 1, mark == ' ' ? ' ' : '~');
  }
  if (window_end < cells.size()) line += "...";
  while (!marks.empty() && marks.back() == ' ') marks.pop_back();
  out += line + "\n" + marks + "\n";
}

}  // namespace

std::string RenderText(const Diagnostic& d, const RenderOptions& options) {
  const std::string& code = std::string(InfoOf(d.kind).code);
  std::string out;
  if (d.file == nullptr) {
    out = fmt::format("intentc: {}[{}]: {}\n", SeverityName(d, options), code, d.message);
  } else if (!d.positioned) {
    out =
        fmt::format("{}: {}[{}]: {}\n", d.file->path(), SeverityName(d, options), code, d.message);
  } else {
    LineColumn at = d.file->Locate(d.span.begin);
    out = fmt::format("{}:{}:{}: {}[{}]: {}\n", d.file->path(), at.line, at.column,
                      SeverityName(d, options), code, d.message);
    AppendSnippet(out, d);
  }
  if (!d.help.empty()) out += fmt::format("  help: {}\n", d.help);
  return out;
}

std::string RenderJson(const std::vector<Diagnostic>& diagnostics, const RenderOptions& options) {
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const Diagnostic& d : diagnostics) {
    nlohmann::ordered_json item;
    item["file"] = d.file ? d.file->path() : std::string();
    LineColumn begin{0, 0}, end{0, 0};
    if (d.file && d.positioned) {
      begin = d.file->Locate(d.span.begin);
      end = d.file->Locate(d.span.end);
    }
    item["line"] = begin.line;
    item["column"] = begin.column;
    item["end_line"] = end.line;
    item["end_column"] = end.column;
    item["severity"] = SeverityName(d, options);
    item["code"] = InfoOf(d.kind).code;
    item["message"] = d.message;
    if (!d.help.empty()) item["help"] = d.help;
    array.push_back(std::move(item));
  }
  return array.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace intent
