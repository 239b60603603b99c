// What the fuzz targets share: the example files they run against, the
// input as text, and how a finding that is not a crash (two engines or two
// binders disagreeing) stops the fuzzer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/driver/compilation.h"

namespace intent::fuzz {

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// libFuzzer saves the input that aborted as a reproducer: abort is how a
// property (not only a sanitizer) reports a finding.
[[noreturn]] inline void Fail(const std::string& what) {
  std::fprintf(stderr, "FUZZ FINDING: %s\n", what.c_str());
  std::abort();
}

// A file of the source tree, e.g. "examples/gmail/assistant.intent". The
// targets are run from anywhere, so the path is the source tree's.
inline std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(INTENT_SOURCE_DIR) + "/" + relative, std::ios::binary);
  if (!in) Fail("cannot read " + relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The gmail example's schema and policies, named as intentc names them.
inline std::vector<driver::SourceText> GmailSchemas() {
  return {
      {"schemas/gmail.schema.json", ReadSourceFile("examples/gmail/schemas/gmail.schema.json")}};
}
inline std::vector<driver::SourceText> GmailPolicies() {
  return {{"assistant.intent", ReadSourceFile("examples/gmail/assistant.intent")},
          {"guardrails.intent", ReadSourceFile("examples/gmail/guardrails.intent")}};
}

}  // namespace intent::fuzz
