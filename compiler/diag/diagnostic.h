// Diagnostics: the values through which every mistake in a policy or schema
// reaches the user. Never thrown; collected in a DiagnosticBag.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/source/source_file.h"

namespace intent {

enum class Severity { kError, kWarning };

enum class DiagKind {
#define INTENT_DIAG(name, code, severity, summary) k##name,
#include "compiler/diag/diagnostic_kinds.def"
#undef INTENT_DIAG
};

struct DiagKindInfo {
  DiagKind kind;
  std::string_view name;
  std::string_view code;  // "E0203"
  Severity severity;
  std::string_view summary;
};

const DiagKindInfo& InfoOf(DiagKind kind);
const std::vector<DiagKindInfo>& AllDiagKinds();

struct Diagnostic {
  DiagKind kind;
  Severity severity;
  // The file the span refers to; null for problems with no position (usage).
  const SourceFile* file = nullptr;
  SourceSpan span;
  // False for file-level problems (e.g. a file that cannot be read): no
  // line, column or caret is shown.
  bool positioned = true;
  std::string message;  // lower-case, one line, no trailing period
  std::string help;     // optional: how to fix it
};

// Collects diagnostics in the order they were reported.
class DiagnosticBag {
 public:
  Diagnostic& Report(DiagKind kind, const SourceFile* file, SourceSpan span, std::string message,
                     std::string help = {});
  const std::vector<Diagnostic>& all() const { return diagnostics_; }
  size_t ErrorCount() const;
  size_t WarningCount() const;
  bool HasErrors() const { return ErrorCount() > 0; }
  // Sorts by the files' order in `file_order` (others first), then by
  // position within a file; stable, so equal positions keep report order.
  void SortByPosition(const std::vector<const SourceFile*>& file_order);

 private:
  std::vector<Diagnostic> diagnostics_;
};

// Returns the candidate closest to `name` by edit distance, or "" when none
// is close enough to be a plausible typo.
std::string SuggestName(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace intent
