// Hand-written examples/gmail (assistant.intent + guardrails.intent).
#include "bench/gmail_floor.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

#include "stdlib/timezone.h"

namespace intent::bench {
namespace {

using runtime::Effect;
using runtime::Slot;

// Field positions in the schema (Message; list and search inputs).
enum MessageField { kSender = 1, kTo = 2, kCc = 3, kUnread = 5, kReceived = 6, kSize = 8 };
enum ListField { kLabel = 0, kListMax = 1 };
enum SearchField { kQuery = 0, kSearchMax = 1 };

std::string_view Domain(const Slot& email) {
  std::string_view text = runtime::TextOf(email);
  return text.substr(runtime::EmailAtOf(email) + 1);
}

bool InCompany(std::string_view domain) {
  return domain == "example.com" || domain == "example.org";
}

bool AsciiEqualsLower(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

bool AsciiContainsLower(std::string_view text, std::string_view needle) {
  for (size_t i = 0; i + needle.size() <= text.size(); ++i) {
    if (AsciiEqualsLower(text.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

// Matches found so far, by effect, in rule order.
struct Matches {
  std::array<const char*, 8> by_effect[3];
  int count[3] = {0, 0, 0};
  void Add(Effect effect, const char* rule) {
    // Allow, ask, forbid: the same order as Effect.
    int e = static_cast<int>(effect);
    by_effect[e][static_cast<size_t>(count[e]++)] = rule;
  }
};

}  // namespace

GmailFloor::GmailFloor(const schema::Schema& schema, runtime::CounterStore& counters)
    : counters_(counters),
      get_(Find(schema, "gmail.messages.get")),
      list_(Find(schema, "gmail.messages.list")),
      search_(Find(schema, "gmail.messages.search")),
      send_(Find(schema, "gmail.messages.send")),
      trash_(Find(schema, "gmail.messages.trash")),
      delete_(Find(schema, "gmail.messages.delete")),
      create_draft_(Find(schema, "gmail.drafts.create")),
      send_draft_(Find(schema, "gmail.drafts.send")) {}

const schema::Operation* GmailFloor::Find(const schema::Schema& schema, const char* id) const {
  for (const auto& operation : schema.operations) {
    if (operation->id == id) return operation.get();
  }
  return nullptr;
}

void GmailFloor::Decide(const runtime::SlotRequest& request, int64_t clock_now,
                        FloorDecision& out) const {
  static const stdlib::Timezone berlin = stdlib::Timezone::Find("Europe/Berlin");
  int64_t now = request.time.value_or(clock_now);
  const schema::Operation* op = request.operation;
  const Slot* input = request.input;
  bool mail_bot = request.principal == "mail-bot";
  Matches matches;
  std::string limit_key;

  // assistant.intent (agent "mail-bot")
  if (mail_bot) {
    if (op == get_) {
      const Slot* message = runtime::ItemsOf(input[0]);
      if (message[kUnread].word != 0 &&
          static_cast<int64_t>(message[kReceived].word) >= berlin.StartOfDay(now)) {
        matches.Add(Effect::kAllow, "assistant.intent:11");
      }
    } else if (op == create_draft_) {
      matches.Add(Effect::kAllow, "assistant.intent:15");
    } else if (op == send_ || op == send_draft_) {
      const Slot* message = runtime::ItemsOf(input[0]);
      const Slot* to = runtime::ItemsOf(message[kTo]);
      size_t n = runtime::LengthOf(message[kTo]);
      bool all_company =
          std::all_of(to, to + n, [](const Slot& r) { return InCompany(Domain(r)); });
      if (all_company) {
        matches.Add(Effect::kAllow, "assistant.intent:18");
      } else {
        matches.Add(Effect::kAsk, "assistant.intent:20");
      }
    } else if (op == delete_) {
      matches.Add(Effect::kDeny, "no-delete");
    } else if (op == trash_) {
      const Slot* message = runtime::ItemsOf(input[0]);
      std::string_view domain = Domain(message[kSender]);
      if (domain == "news.example.com" || domain == "substack.com" || domain == "mailchimp.com") {
        limit_key = "limit:trash:";
        limit_key += request.principal;
        if (counters_.Reserve(limit_key, 10, 86'400'000'000, now)) {
          matches.Add(Effect::kAllow, "assistant.intent:27");
        } else {
          limit_key.clear();
        }
      }
    }
  }
  // guardrails.intent (every agent)
  if (op == list_) {
    if (static_cast<int64_t>(input[kListMax].word) <= 100) {
      matches.Add(Effect::kAllow, "guardrails.intent:20");
    }
    if (!runtime::IsAbsent(input[kLabel])) {
      std::string_view label = runtime::TextOf(input[kLabel]);
      if (AsciiEqualsLower(label, "private") || AsciiEqualsLower(label, "personal") ||
          AsciiEqualsLower(label, "medical")) {
        matches.Add(Effect::kDeny, "private-labels");
      }
    }
  } else if (op == search_) {
    if (static_cast<int64_t>(input[kSearchMax].word) <= 100) {
      matches.Add(Effect::kAllow, "guardrails.intent:20");
    }
    std::string_view query = runtime::TextOf(input[kQuery]);
    if (AsciiContainsLower(query, "label:private") || AsciiContainsLower(query, "label:personal")) {
      matches.Add(Effect::kDeny, "guardrails.intent:29");
    }
  } else if (op == send_ || op == send_draft_) {
    const Slot* message = runtime::ItemsOf(input[0]);
    if (!runtime::IsAbsent(message[kCc])) {
      const Slot* cc = runtime::ItemsOf(message[kCc]);
      size_t n = runtime::LengthOf(message[kCc]);
      if (std::any_of(cc, cc + n, [](const Slot& r) { return !InCompany(Domain(r)); })) {
        matches.Add(Effect::kAsk, "external-cc");
      }
    }
    const Slot* to = runtime::ItemsOf(message[kTo]);
    size_t n = runtime::LengthOf(message[kTo]);
    if (std::any_of(to, to + n, [](const Slot& r) {
          std::string_view local = runtime::TextOf(r).substr(0, runtime::EmailAtOf(r));
          return (AsciiEqualsLower(local, "all") || AsciiEqualsLower(local, "everyone") ||
                  AsciiEqualsLower(local, "staff") || AsciiEqualsLower(local, "all-hands")) &&
                 InCompany(Domain(r));
        })) {
      matches.Add(Effect::kAsk, "mass-mail");
    }
    if (static_cast<int64_t>(message[kSize].word) > 10'000'000) {
      matches.Add(Effect::kAsk, "guardrails.intent:50");
    }
  }

  // The most restrictive effect; both policies default to deny.
  int deciding = matches.count[2] > 0   ? 2
                 : matches.count[1] > 0 ? 1
                 : matches.count[0] > 0 ? 0
                                        : -1;
  out.effect = deciding < 0 ? Effect::kDeny : static_cast<Effect>(deciding);
  out.rule_count = deciding < 0 ? 0 : matches.count[deciding];
  for (int i = 0; i < out.rule_count; ++i) {
    out.rules[static_cast<size_t>(i)] = matches.by_effect[deciding][static_cast<size_t>(i)];
  }
  if (!limit_key.empty()) {
    if (out.effect == Effect::kAllow) {
      counters_.Commit(limit_key, now);
    } else {
      counters_.Release(limit_key);
    }
  }
}

}  // namespace intent::bench
