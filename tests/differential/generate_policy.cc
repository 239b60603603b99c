// One policy file: a header with random items, lets, and 3 to 15 rules with
// random effects, targets, annotations and clauses.
#include <algorithm>
#include <cctype>

#include "tests/differential/generator_internal.h"

namespace intent::difftest {
namespace {

bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether `name` occurs in `text` as a whole identifier.
bool MentionsName(const std::string& text, const std::string& name) {
  for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
    size_t end = at + name.size();
    bool starts = at == 0 || !IsNameChar(text[at - 1]);
    bool ends = end == text.size() || !IsNameChar(text[end]);
    if (starts && ends) return true;
  }
  return false;
}

class PolicyGen {
 public:
  PolicyGen(Rng& rng, SchemaModel& model, Constants& constants, size_t file_index)
      : rng_(rng),
        model_(model),
        constants_(constants),
        file_index_(file_index),
        lets_(GenerateLets(rng, model, constants)),
        exprs_(rng, model, lets_, constants) {}

  std::string Generate() {
    std::vector<std::string> items;
    int rule_count = static_cast<int>(rng_.Range(3, 15));
    items.reserve(rule_count);
    for (int i = 0; i < rule_count; ++i) items.push_back(Rule(i));
    PruneUnusedLets(items);
    // Lets may come anywhere after the header, also after the rules using them.
    for (const Let& let : lets_) {
      items.insert(items.begin() + static_cast<long>(rng_.Index(items.size() + 1)),
                   "let " + let.name + " = " + let.value + "\n");
    }
    std::string text = Header();
    for (const std::string& item : items) text += "\n" + item;
    return text;
  }

 private:
  std::string Header() {
    std::vector<std::string> items;
    if (rng_.Chance(30)) {
      std::vector<std::string> agents = Agents();
      rng_.Shuffle(agents);
      std::string clause = "applies to agent " + StringLiteral(agents[0], rng_);
      constants_.agents.push_back(agents[0]);
      if (rng_.Chance(40)) {
        clause += ", agent " + StringLiteral(agents[1], rng_);
        constants_.agents.push_back(agents[1]);
      }
      items.push_back(clause);
    }
    if (rng_.Chance(75)) items.push_back("timezone \"" + rng_.Pick(Timezones()) + "\"");
    if (rng_.Chance(60)) items.push_back(rng_.Chance(60) ? "default deny" : "default ask");
    rng_.Shuffle(items);
    std::string name = "generated " + std::to_string(file_index_);
    if (rng_.Chance(20)) name += " \"quoted\" café";
    std::string header = "policy " + StringLiteral(name, rng_) + " for " + kSchemaName + "\n";
    for (const std::string& item : items) header += "  " + item + "\n";
    return header;
  }

  std::string Annotations(int index) {
    std::string out;
    if (rng_.Chance(40)) {
      out += "@id(\"p" + std::to_string(file_index_) + "-r" + std::to_string(index) + "\")\n";
    }
    static const std::vector<std::string> others = {"tag", "owner", "description"};
    if (rng_.Chance(15)) {
      out += "@" + rng_.Pick(others) + "(" + StringLiteral(rng_.Pick(Words()) + "!", rng_) + ")\n";
    }
    return out;
  }

  std::string Rule(int index) {
    static const std::vector<std::string> effects = {"allow", "ask", "forbid"};
    const std::string& effect = effects[rng_.Weighted({60, 22, 18})];
    Target target = RandomTarget(rng_, model_);
    constants_.targets.insert(constants_.targets.end(), target.operations.begin(),
                              target.operations.end());
    Scope scope;
    scope.inputs = SharedInputs(target.operations);
    std::vector<std::string> clauses = Conditions(scope, effect != "allow");
    if (rng_.Chance(effect == "allow" ? 25 : 4)) clauses.push_back(Limit(scope));
    if (rng_.Chance(30)) {
      clauses.push_back("because " + StringLiteral("reason: " + rng_.Pick(Words()), rng_));
    }
    std::string separator = rng_.Chance(50) ? "\n  " : " ";
    std::string text = Annotations(index) + effect + " " + target.text;
    for (const std::string& clause : clauses) text += separator + clause;
    if (rng_.Chance(15)) text += "  # rule " + std::to_string(index);
    return text + "\n";
  }

  // `when` and `unless` clauses, in evaluation order as far as guards go
  // (each `when` in order, then each `unless`); their text order is mixed,
  // which does not change that order.
  std::vector<std::string> Conditions(Scope& scope, bool restrictive) {
    std::vector<std::string> whens;
    std::vector<std::string> unlesses;
    if (!rng_.Chance(restrictive ? 95 : 75)) return {};
    if (rng_.Chance(20)) {
      std::string has = exprs_.GuardingHas(scope, false);
      if (!has.empty()) whens.push_back("when " + has);
    }
    int when_count = static_cast<int>(rng_.Weighted({20, 60, 20}));
    for (int i = 0; i < when_count; ++i) whens.push_back("when " + Condition(scope));
    if (rng_.Chance(10)) {
      std::string has = exprs_.GuardingHas(scope, true);
      if (!has.empty()) unlesses.push_back("unless " + has);
    }
    int unless_count = static_cast<int>(rng_.Weighted({55, 40, 5}));
    if (whens.empty() && unlesses.empty()) unless_count = std::max(unless_count, 1);
    for (int i = 0; i < unless_count; ++i) unlesses.push_back("unless " + Condition(scope));
    return Interleave(whens, unlesses);
  }

  std::string Condition(Scope& scope) {
    return exprs_.Condition(scope, static_cast<int>(rng_.Range(1, 3)));
  }

  std::vector<std::string> Interleave(const std::vector<std::string>& a,
                                      const std::vector<std::string>& b) {
    std::vector<std::string> out;
    size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
      bool take_a = j == b.size() || (i < a.size() && rng_.Chance(50));
      out.push_back(take_a ? a[i++] : b[j++]);
    }
    return out;
  }

  std::string Limit(Scope& scope) {
    static const std::vector<std::string> windows = {"30s", "1m", "10m", "1h", "1d"};
    std::string limit = "limit " + std::to_string(rng_.Range(1, 5)) + " per " + rng_.Pick(windows);
    if (rng_.Chance(50)) limit += " per " + exprs_.LimitKey(scope);
    return limit;
  }

  // Keeps the lets that rules use, directly or through kept lets (an
  // unused let is W0001). Uses are found in the text: let names (`stem_N`)
  // occur nowhere else, and a generated use may have been discarded.
  void PruneUnusedLets(const std::vector<std::string>& rules) {
    std::string used;
    for (const std::string& rule : rules) used += rule;
    std::vector<bool> kept(lets_.size(), false);
    for (bool grew = true; grew;) {
      grew = false;
      for (size_t i = 0; i < lets_.size(); ++i) {
        if (kept[i] || !MentionsName(used, lets_[i].name)) continue;
        kept[i] = grew = true;
        used += " " + lets_[i].value;
      }
    }
    std::vector<Let> lets;
    for (size_t i = 0; i < lets_.size(); ++i) {
      if (kept[i]) lets.push_back(std::move(lets_[i]));
    }
    lets_ = std::move(lets);
  }

  Rng& rng_;
  SchemaModel& model_;
  Constants& constants_;
  size_t file_index_;
  std::vector<Let> lets_;
  ExprGen exprs_;
};

}  // namespace

std::string GeneratePolicy(Rng& rng, SchemaModel& model, Constants& constants, size_t file_index) {
  return PolicyGen(rng, model, constants, file_index).Generate();
}

}  // namespace intent::difftest
