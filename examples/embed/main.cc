// A gateway's use of Intent, in C++: load the gmail example bundle, decide
// a call from its JSON, decide one from typed values (no JSON at all), log
// decisions, and reload.
//   embed_cpp PATH/TO/examples/gmail
#include <intent/intent.hpp>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: embed_cpp BUNDLE_DIR\n";
    return 2;
  }
  intent::LoadResult loaded = intent::Engine::Load({argv[1]});
  for (const intent::LoadDiagnostic& d : loaded.diagnostics) std::cerr << d.text;
  if (!loaded.engine) return 1;
  intent::Engine& engine = *loaded.engine;

  // Every decision as a JSON line on stderr, written by a background thread.
  intent::DecisionLogOptions log;
  log.stream = &std::cerr;
  std::string error;
  if (!engine.SetDecisionLog(log, &error)) std::cerr << error << "\n";

  // 1. From the request's JSON, as a gateway receives it.
  intent::Decision deleting = engine.Decide(R"({
    "principal": "mail-bot", "operation": "gmail.messages.delete",
    "input": {"message": {"id": "m1", "sender": "me@example.com", "to": ["a@example.com"],
              "unread": false, "received": "2026-11-28T08:00:00Z", "labels": [], "size": 10}},
    "context": {"time": "2026-11-28T10:00:00Z"}})");
  std::cout << "delete: " << intent::DecisionJson(deleting) << "\n";

  // 2. From typed values: the operation and its field paths are resolved
  //    once; each call then only sets values.
  auto send = engine.Prepare(
      "gmail.messages.send",
      {"input.message.id", "input.message.sender", "input.message.to", "input.message.unread",
       "input.message.received", "input.message.labels", "input.message.size"},
      &error);
  if (!send) {
    std::cerr << error << "\n";
    return 1;
  }
  intent::TypedRequest request(*send);
  request.SetPrincipal("mail-bot");
  request.SetTime(1795860000LL * 1'000'000);  // 2026-11-28T10:00:00Z
  request.SetString(0, "m2");
  request.SetString(1, "me@example.com");
  std::vector<std::string_view> to = {"a@example.com", "someone@elsewhere.net"};
  request.SetStrings(2, to);
  request.SetBool(3, false);
  request.SetTimestamp(4, 1795852800LL * 1'000'000);
  request.SetStrings(5, {});
  request.SetInt(6, 2048);
  intent::Decision sending = engine.Decide(request);
  std::cout << "send: " << intent::EffectName(sending.effect);
  for (const std::string& reason : sending.reasons) std::cout << " (" << reason << ")";
  std::cout << "\n";

  // 3. Reload: the running bundle stays if the new one has errors.
  std::vector<intent::LoadDiagnostic> problems = engine.Reload({argv[1]});
  std::cout << "reloaded: generation " << engine.generation() << ", " << problems.size()
            << " diagnostics\n";
  engine.StopDecisionLog();
  return sending.effect == intent::Effect::kAsk && deleting.effect == intent::Effect::kDeny ? 0 : 1;
}
