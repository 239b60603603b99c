// The C API (include/intent/intent.h): ownership, status codes, messages.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "intent/intent.h"

namespace {

const char* const kGmail = INTENT_SOURCE_DIR "/examples/gmail";

const char kDelete[] =
    R"({"principal": "mail-bot", "operation": "gmail.messages.delete", "input": {"message":
    {"id": "m1", "sender": "me@example.com", "to": ["a@example.com"], "unread": false,
    "received": "2026-11-28T08:00:00Z", "labels": [], "size": 1}},
    "context": {"time": "2026-11-28T10:00:00Z"}})";

TEST(CApi, LoadsDecidesAndFrees) {
  intent_engine* engine = nullptr;
  char* message = nullptr;
  ASSERT_EQ(intent_engine_load(&kGmail, 1, nullptr, 0, 1, &engine, &message), INTENT_OK);
  EXPECT_EQ(message, nullptr);
  EXPECT_EQ(intent_engine_generation(engine), 1u);
  intent_decision* decision = nullptr;
  ASSERT_EQ(intent_decide_json(engine, kDelete, sizeof kDelete - 1, &decision), INTENT_OK);
  EXPECT_EQ(intent_decision_effect(decision), INTENT_DENY);
  ASSERT_EQ(intent_decision_rule_count(decision), 1u);
  EXPECT_STREQ(intent_decision_rule(decision, 0), "no-delete");
  EXPECT_EQ(intent_decision_rule(decision, 1), nullptr);
  EXPECT_EQ(intent_decision_reason_count(decision), 0u);
  EXPECT_EQ(intent_decision_error_count(decision), 0u);
  EXPECT_STREQ(intent_decision_json(decision),
               R"({"decision":"deny","rules":["no-delete"],"reasons":[],"errors":[]})");
  intent_decision_free(decision);
  intent_engine_free(engine);
}

TEST(CApi, InvalidRequestsAreDeniesWithAnError) {
  intent_engine* engine = nullptr;
  ASSERT_EQ(intent_engine_load(&kGmail, 1, nullptr, 0, 0, &engine, nullptr), INTENT_OK);
  intent_decision* decision = nullptr;
  ASSERT_EQ(intent_decide_json(engine, "{", 1, &decision), INTENT_OK);
  EXPECT_EQ(intent_decision_effect(decision), INTENT_DENY);
  EXPECT_EQ(intent_decision_error_count(decision), 1u);
  intent_decision_free(decision);
  // Bytes past `length` are not read: "{}" cut to "{" is invalid too.
  ASSERT_EQ(intent_decide_json(engine, "{}", 1, &decision), INTENT_OK);
  EXPECT_EQ(intent_decision_error_count(decision), 1u);
  intent_decision_free(decision);
  intent_engine_free(engine);
}

TEST(CApi, NullArgumentsAreStatusCodes) {
  intent_engine* engine = nullptr;
  char* message = nullptr;
  EXPECT_EQ(intent_engine_load(nullptr, 1, nullptr, 0, 1, &engine, &message),
            INTENT_INVALID_ARGUMENT);
  ASSERT_NE(message, nullptr);
  intent_string_free(message);
  EXPECT_EQ(intent_engine_load(&kGmail, 1, nullptr, 0, 1, nullptr, nullptr),
            INTENT_INVALID_ARGUMENT);
  intent_decision* decision = nullptr;
  EXPECT_EQ(intent_decide_json(nullptr, "{}", 2, &decision), INTENT_INVALID_ARGUMENT);
  EXPECT_EQ(intent_decision_effect(nullptr), INTENT_DENY);
  EXPECT_EQ(intent_decision_json(nullptr), nullptr);
  intent_engine_free(nullptr);
  intent_decision_free(nullptr);
  intent_string_free(nullptr);
}

TEST(CApi, LoadAndReloadFailuresCarryTheDiagnostics) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("intent-capi-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "schemas");
  fs::copy_file(std::string(kGmail) + "/schemas/gmail.schema.json",
                dir / "schemas/gmail.schema.json");
  std::ofstream(dir / "p.intent")
      << "policy \"p\" for gmail\n  default deny\nallow sned on messages\n";
  std::string path = dir.string();
  const char* paths[] = {path.c_str()};
  intent_engine* engine = nullptr;
  char* message = nullptr;
  EXPECT_EQ(intent_engine_load(paths, 1, nullptr, 0, 1, &engine, &message), INTENT_LOAD_FAILED);
  EXPECT_EQ(engine, nullptr);
  ASSERT_NE(message, nullptr);
  EXPECT_NE(std::string(message).find("p.intent:3"), std::string::npos) << message;
  intent_string_free(message);

  // A path that does not exist cannot be read at all: an I/O failure, as
  // intent.h documents, not a bundle with errors.
  const char* missing[] = {"/nonexistent/intent/policies"};
  EXPECT_EQ(intent_engine_load(missing, 1, nullptr, 0, 1, &engine, &message), INTENT_IO_FAILED);
  EXPECT_EQ(engine, nullptr);
  ASSERT_NE(message, nullptr);
  intent_string_free(message);

  ASSERT_EQ(intent_engine_load(&kGmail, 1, nullptr, 0, 1, &engine, nullptr), INTENT_OK);
  EXPECT_EQ(intent_engine_reload(engine, paths, 1, &message), INTENT_LOAD_FAILED);
  ASSERT_NE(message, nullptr);
  intent_string_free(message);
  EXPECT_EQ(intent_engine_generation(engine), 1u);
  intent_engine_free(engine);
  fs::remove_all(dir);
}

TEST(CApi, AReportedApprovalCountsAndAnAllowCannotBeReported) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("intent-capi-approval-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "schemas");
  fs::copy_file(std::string(kGmail) + "/schemas/gmail.schema.json",
                dir / "schemas/gmail.schema.json");
  std::ofstream(dir / "p.intent")
      << "policy \"p\" for gmail\n  default deny\n\nask delete on messages\n  limit 1 per 1d\n";
  std::string path = dir.string();
  const char* paths[] = {path.c_str()};
  intent_engine* engine = nullptr;
  ASSERT_EQ(intent_engine_load(paths, 1, nullptr, 0, 0, &engine, nullptr), INTENT_OK);
  intent_decision* asked = nullptr;
  ASSERT_EQ(intent_decide_json(engine, kDelete, sizeof kDelete - 1, &asked), INTENT_OK);
  ASSERT_EQ(intent_decision_effect(asked), INTENT_ASK);
  char* message = nullptr;
  EXPECT_EQ(intent_engine_report_approval(engine, asked, &message), INTENT_OK);
  EXPECT_EQ(message, nullptr);
  intent_decision* denied = nullptr;
  ASSERT_EQ(intent_decide_json(engine, kDelete, sizeof kDelete - 1, &denied), INTENT_OK);
  EXPECT_EQ(intent_decision_effect(denied), INTENT_DENY) << "the limit counts the approval";
  EXPECT_EQ(intent_engine_report_approval(engine, denied, &message), INTENT_INVALID_ARGUMENT);
  ASSERT_NE(message, nullptr);
  EXPECT_STREQ(message, "only an ask can be reported as approved; this decision is deny");
  intent_string_free(message);
  EXPECT_EQ(intent_engine_report_approval(engine, nullptr, nullptr), INTENT_INVALID_ARGUMENT);
  EXPECT_EQ(intent_engine_report_approval(nullptr, asked, nullptr), INTENT_INVALID_ARGUMENT);
  intent_decision_free(denied);
  intent_decision_free(asked);
  intent_engine_free(engine);
  fs::remove_all(dir);
}

TEST(CApi, LogsToACallback) {
  intent_engine* engine = nullptr;
  ASSERT_EQ(intent_engine_load(&kGmail, 1, nullptr, 0, 1, &engine, nullptr), INTENT_OK);
  std::vector<std::string> lines;
  auto callback = [](const char* line, size_t length, void* user) {
    static_cast<std::vector<std::string>*>(user)->emplace_back(line, length);
  };
  ASSERT_EQ(intent_engine_log_to_callback(engine, callback, &lines), INTENT_OK);
  intent_decision* decision = nullptr;
  ASSERT_EQ(intent_decide_json(engine, kDelete, sizeof kDelete - 1, &decision), INTENT_OK);
  intent_decision_free(decision);
  intent_engine_log_stop(engine);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(R"("decision":"deny","rules":["no-delete"])"), std::string::npos);
  char* message = nullptr;
  EXPECT_EQ(intent_engine_log_to_file(engine, "/nonexistent-dir/x.jsonl", &message),
            INTENT_IO_FAILED);
  ASSERT_NE(message, nullptr);
  intent_string_free(message);
  intent_engine_free(engine);
}

}  // namespace

namespace {

// Data documents through the C API: the data/ folder is loaded with the
// bundle, and intent_engine_reload_data swaps new data in (or keeps the
// running data on errors).
TEST(CApi, ReloadsData) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("intent-capi-data-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "schemas");
  fs::create_directories(dir / "data");
  std::ofstream(dir / "schemas/s.schema.json") << R"({"name": "s",
    "data": {"allowed": "list<string>"},
    "resources": {"r": {"operations": {"op": {"verb": "read", "input": {"k": "string"}}}}}})";
  std::ofstream(dir / "p.intent") << "policy \"p\" for s\nallow read on r when k in data.allowed\n";
  std::ofstream(dir / "data/allowed.json") << R"(["a"])";
  std::string path = dir.string();
  const char* paths[] = {path.c_str()};
  intent_engine* engine = nullptr;
  ASSERT_EQ(intent_engine_load(paths, 1, nullptr, 0, 0, &engine, nullptr), INTENT_OK);
  auto effect = [&](const std::string& key) {
    std::string json =
        R"({"principal": "x", "operation": "s.r.op", "input": {"k": ")" + key + R"("}})";
    intent_decision* decision = nullptr;
    EXPECT_EQ(intent_decide_json(engine, json.data(), json.size(), &decision), INTENT_OK);
    intent_effect result = intent_decision_effect(decision);
    intent_decision_free(decision);
    return result;
  };
  EXPECT_EQ(effect("a"), INTENT_ALLOW);
  EXPECT_EQ(effect("b"), INTENT_DENY);
  std::ofstream(dir / "data/allowed.json") << R"(["b"])";
  char* message = nullptr;
  EXPECT_EQ(intent_engine_reload_data(engine, &message), INTENT_OK);
  EXPECT_EQ(message, nullptr);
  EXPECT_EQ(effect("a"), INTENT_DENY);
  EXPECT_EQ(effect("b"), INTENT_ALLOW);
  std::ofstream(dir / "data/allowed.json") << R"([1])";
  EXPECT_EQ(intent_engine_reload_data(engine, &message), INTENT_LOAD_FAILED);
  ASSERT_NE(message, nullptr);
  EXPECT_NE(std::string(message).find("D0002"), std::string::npos) << message;
  intent_string_free(message);
  EXPECT_EQ(effect("b"), INTENT_ALLOW);
  EXPECT_EQ(intent_engine_reload_data(nullptr, nullptr), INTENT_INVALID_ARGUMENT);
  intent_engine_free(engine);
  fs::remove_all(dir);
}

}  // namespace
