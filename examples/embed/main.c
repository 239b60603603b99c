/* A gateway's use of Intent, in C: load a bundle, decide a request given
 * as JSON, read the decision, free everything.
 *   embed_c PATH/TO/examples/gmail */
#include <intent/intent.h>
#include <stdio.h>
#include <string.h>

static const char kSend[] =
    "{\"principal\": \"mail-bot\", \"operation\": \"gmail.messages.send\","
    " \"input\": {\"message\": {\"id\": \"m1\", \"sender\": \"me@example.com\","
    " \"to\": [\"a@example.com\", \"x@elsewhere.net\"], \"unread\": false,"
    " \"received\": \"2026-11-28T08:00:00Z\", \"labels\": [], \"size\": 10}},"
    " \"context\": {\"time\": \"2026-11-28T10:00:00Z\"}}";

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: embed_c BUNDLE_DIR\n");
    return 2;
  }
  const char* paths[] = {argv[1]};
  intent_engine* engine = NULL;
  char* message = NULL;
  intent_status status = intent_engine_load(paths, 1, NULL, 0, 1, &engine, &message);
  if (message != NULL) {
    fputs(message, stderr);
    intent_string_free(message);
  }
  if (status != INTENT_OK) return 1;

  intent_decision* decision = NULL;
  if (intent_decide_json(engine, kSend, strlen(kSend), &decision) != INTENT_OK) {
    intent_engine_free(engine);
    return 1;
  }
  static const char* const kEffects[] = {"allow", "ask", "deny"};
  intent_effect effect = intent_decision_effect(decision);
  printf("intent %s: send is %s\n", intent_version(), kEffects[effect]);
  for (size_t i = 0; i < intent_decision_reason_count(decision); ++i) {
    printf("  because: %s\n", intent_decision_reason(decision, i));
  }
  printf("%s\n", intent_decision_json(decision));
  intent_decision_free(decision);
  intent_engine_free(engine);
  return effect == INTENT_ASK ? 0 : 1;
}
