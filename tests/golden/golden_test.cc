// Golden tests: each case is a policy (or a folder) checked by the real
// intentc binary; its whole output and exit status must equal the
// expectation stored beside it. Set INTENT_UPDATE_GOLDENS=1 to rewrite the
// expectations (then review the diff).
//
//   tests/golden/NAME.intent        a case; its first line may be
//                                   "# ARGS: --format json" (extra options)
//                                   or "# COMMAND: compile --emit ir"
//   tests/golden/NAME.expected      its output, then "exit: N"
//   tests/golden/NAME/              a folder case (checked as a whole),
//   tests/golden/NAME/expected.txt  with its expectation inside
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "compiler/diag/diagnostic.h"

namespace {

namespace fs = std::filesystem;

const fs::path kGoldenDir = INTENT_GOLDEN_DIR;
const std::string kIntentc = INTENT_INTENTC;

struct GoldenCase {
  std::string name;      // relative to kGoldenDir, e.g. "unknown_field.intent"
  fs::path expectation;  // the .expected / expected.txt file
};

// Shown by GoogleTest instead of the struct's bytes.
void PrintTo(const GoldenCase& c, std::ostream* out) { *out << c.name; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::vector<GoldenCase> FindCases() {
  std::vector<GoldenCase> cases;
  for (const auto& entry : fs::directory_iterator(kGoldenDir)) {
    const fs::path& path = entry.path();
    if (entry.is_regular_file() && path.extension() == ".intent") {
      cases.push_back({path.filename().string(), fs::path(path).replace_extension(".expected")});
    } else if (entry.is_directory() && fs::exists(path / "expected.txt")) {
      cases.push_back({path.filename().string(), path / "expected.txt"});
    }
  }
  std::sort(cases.begin(), cases.end(),
            [](const GoldenCase& a, const GoldenCase& b) { return a.name < b.name; });
  return cases;
}

// The first line may say "# ARGS: ..." (options for `check`) or
// "# COMMAND: ..." (another command and its options, e.g. "compile --emit ir").
std::string CommandOf(const GoldenCase& c) {
  fs::path input = kGoldenDir / c.name;
  if (fs::is_directory(input)) input /= "args.txt";
  std::ifstream in(input);
  std::string first;
  std::getline(in, first);
  for (const auto& [marker, prefix] : {std::pair{"# ARGS:", "check"}, std::pair{"# COMMAND:", ""}}) {
    std::string_view m(marker);
    if (first.rfind(m, 0) == 0) return prefix + first.substr(m.size());
  }
  return "check";
}

// Runs intentc in the golden folder so that paths in the output are short.
std::string RunCase(const GoldenCase& c) {
  std::string command = "cd '" + kGoldenDir.string() + "' && '" + kIntentc + "' " +
                        CommandOf(c) + " '" + c.name + "' 2>&1; echo \"exit: $?\"";
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "popen failed";
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
  pclose(pipe);
  return output;
}

class GoldenTest : public testing::TestWithParam<GoldenCase> {};

TEST_P(GoldenTest, OutputMatchesExpectation) {
  const GoldenCase& c = GetParam();
  std::string actual = RunCase(c);
  if (std::getenv("INTENT_UPDATE_GOLDENS") != nullptr) {
    std::ofstream(c.expectation, std::ios::binary) << actual;
    GTEST_SKIP() << "updated " << c.expectation;
  }
  ASSERT_TRUE(fs::exists(c.expectation)) << "missing " << c.expectation;
  EXPECT_EQ(ReadFile(c.expectation), actual) << "case " << c.name;
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenTest, testing::ValuesIn(FindCases()),
                         [](const testing::TestParamInfo<GoldenCase>& info) {
                           std::string name;
                           for (char ch : info.param.name) name += std::isalnum(ch) ? ch : '_';
                           return name;
                         });

// Every diagnostic code must be shown by at least one golden case, so each
// one is exercised end to end and its rendering is reviewed.
TEST(GoldenCoverage, EveryDiagnosticCodeHasACase) {
  std::string all;
  for (const GoldenCase& c : FindCases()) all += ReadFile(c.expectation);
  // E0003 needs an input over 8 MiB, too large to commit; it is covered by
  // BadInputTest.FileTooLarge, which generates one.
  const std::set<std::string> exempt = {"E0003"};
  std::set<std::string> missing;
  for (const intent::DiagKindInfo& info : intent::AllDiagKinds()) {
    std::string code(info.code);
    if (exempt.count(code) > 0) continue;
    if (all.find("[" + code + "]") == std::string::npos &&
        all.find("\"" + code + "\"") == std::string::npos) {
      missing.insert(code);
    }
  }
  std::string list;
  for (const std::string& code : missing) list += code + " ";
  EXPECT_TRUE(missing.empty()) << "codes without a golden case: " << list;
}

TEST(GoldenCoverage, HasAtLeastFortyCases) { EXPECT_GE(FindCases().size(), 40u); }

}  // namespace
