// The diagnostic registry and the bag that collects reports.
#include "compiler/diag/diagnostic.h"

#include <algorithm>
#include <map>

namespace intent {

const std::vector<DiagKindInfo>& AllDiagKinds() {
  static const std::vector<DiagKindInfo> kinds = {
#define INTENT_DIAG(name, code, severity, summary) \
  {DiagKind::k##name, #name, code, Severity::severity, summary},
#include "compiler/diag/diagnostic_kinds.def"
#undef INTENT_DIAG
  };
  return kinds;
}

const DiagKindInfo& InfoOf(DiagKind kind) { return AllDiagKinds()[static_cast<size_t>(kind)]; }

Diagnostic& DiagnosticBag::Report(DiagKind kind, const SourceFile* file, SourceSpan span,
                                  std::string message, std::string help) {
  diagnostics_.push_back(Diagnostic{.kind = kind,
                                    .severity = InfoOf(kind).severity,
                                    .file = file,
                                    .span = span,
                                    .message = std::move(message),
                                    .help = std::move(help)});
  return diagnostics_.back();
}

size_t DiagnosticBag::ErrorCount() const {
  return std::count_if(diagnostics_.begin(), diagnostics_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

size_t DiagnosticBag::WarningCount() const { return diagnostics_.size() - ErrorCount(); }

void DiagnosticBag::SortByPosition(const std::vector<const SourceFile*>& file_order) {
  std::map<const SourceFile*, size_t> rank;
  for (const SourceFile* file : file_order) rank.emplace(file, rank.size() + 1);
  auto rank_of = [&](const SourceFile* file) {
    auto it = rank.find(file);
    return it == rank.end() ? size_t{0} : it->second;
  };
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) {
                     size_t fa = rank_of(a.file), fb = rank_of(b.file);
                     if (fa != fb) return fa < fb;
                     return a.span.begin < b.span.begin;
                   });
}

namespace {
// Optimal string alignment distance: insertions, deletions, substitutions
// and swaps of neighbours ("emial" -> "email") each cost one.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}
}  // namespace

std::string SuggestName(std::string_view name, const std::vector<std::string>& candidates) {
  // Allow roughly one typo per three characters, at least one, at most three.
  size_t budget = std::clamp<size_t>(name.size() / 3, 1, 3);
  std::string best;
  size_t best_distance = budget + 1;
  for (const std::string& candidate : candidates) {
    if (candidate == name) continue;
    // Names far longer or shorter cannot be within budget; skip the work.
    if (candidate.size() > name.size() + budget || name.size() > candidate.size() + budget) {
      continue;
    }
    size_t distance = EditDistance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  if (!best.empty()) return best;
  // A longer spelling of a short name ("lowercase" for "lower") is far in
  // edit distance but an obvious intent.
  for (const std::string& candidate : candidates) {
    if (candidate.size() >= 3 && name.size() > candidate.size() &&
        name.compare(0, candidate.size(), candidate) == 0) {
      return candidate;
    }
  }
  return best;
}

}  // namespace intent
