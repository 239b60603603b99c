// Turns diagnostics into the text and JSON forms of tools.md.
#pragma once

#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"

namespace intent {

struct RenderOptions {
  // Report warnings as errors (intentc's -Werror).
  bool warnings_as_errors = false;
};

// Clang style: "file:line:col: error[E0203]: message", then the source line
// and a caret under the span, then an optional "help:" line.
std::string RenderText(const Diagnostic& diagnostic, const RenderOptions& options = {});

// A JSON array of {"file","line","column","end_line","end_column",
// "severity","code","message"} (plus "help" when there is one).
std::string RenderJson(const std::vector<Diagnostic>& diagnostics,
                       const RenderOptions& options = {});

}  // namespace intent
