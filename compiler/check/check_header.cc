// Checks the policy header: schema, agents, timezone, default.
#include <fmt/format.h>

#include <set>

#include "compiler/check/checker_impl.h"
#include "stdlib/timezone.h"

namespace intent::check {

void Checker::CheckHeader() {
  const ast::Header& header = *module_.header;
  out_.schema = schemas_.Find(header.schema.text);
  if (out_.schema == nullptr && !header.schema.text.empty() &&
      !schemas_.IsBroken(header.schema.text)) {
    std::string suggestion = SuggestName(header.schema.text, schemas_.Names());
    std::string loaded;
    for (const std::string& name : schemas_.Names())
      loaded += (loaded.empty() ? "'" : ", '") + name + "'";
    Report(DiagKind::kUnknownSchema, header.schema.span,
           suggestion.empty() ? fmt::format("no schema named '{}' was loaded", header.schema.text)
                              : fmt::format("no schema named '{}' was loaded; did you mean '{}'?",
                                            header.schema.text, suggestion),
           loaded.empty() ? "put the schema in a 'schemas/' folder beside the policy, or pass "
                            "--schema PATH"
                          : fmt::format("loaded schemas: {}", loaded));
  }

  // Names identify policies in logs and agents in requests: an empty one
  // is always a slip.
  if (header.policy_name.text.empty() &&
      header.policy_name.span.end > header.policy_name.span.begin) {
    Report(DiagKind::kEmptyName, header.policy_name.span, "the policy name is empty",
           "name the policy after what it is for, like \"email assistant\"");
  }
  for (const ast::Name& agent : header.agents) {
    if (agent.text.empty()) {
      Report(DiagKind::kEmptyName, agent.span, "an agent id cannot be empty",
             "write the id the gateway sends as the request's principal");
    }
  }
  for (size_t i = 1; i < header.applies_items.size(); ++i) {
    Report(DiagKind::kDuplicateHeaderItem, header.applies_items[i],
           "'applies to' is given twice in the header",
           "list every agent in one clause: applies to agent \"a\", agent \"b\"");
  }
  std::set<std::string> agents;
  for (const ast::Name& agent : header.agents) {
    if (agent.text.empty()) continue;
    if (!agents.insert(agent.text).second) {
      Report(DiagKind::kDuplicateAgent, agent.span,
             fmt::format("agent '{}' is listed twice", agent.text));
    } else {
      out_.agents.push_back(agent.text);
    }
  }

  for (size_t i = 0; i < header.timezones.size(); ++i) {
    const ast::Name& zone = header.timezones[i];
    if (i > 0) {
      Report(DiagKind::kDuplicateHeaderItem, zone.span, "'timezone' is given twice in the header");
      continue;
    }
    if (stdlib::Timezone::Find(zone.text).valid()) {
      out_.timezone = zone.text;
      continue;
    }
    std::string suggestion = SuggestName(zone.text, stdlib::TimezoneNames());
    Report(DiagKind::kUnknownTimezone, zone.span,
           suggestion.empty()
               ? fmt::format("unknown timezone '{}'", zone.text)
               : fmt::format("unknown timezone '{}'; did you mean '{}'?", zone.text, suggestion),
           "use an IANA zone name such as \"Europe/Berlin\", \"America/New_York\" or \"UTC\"");
  }

  for (size_t i = 0; i < header.defaults.size(); ++i) {
    if (i > 0) {
      Report(DiagKind::kDuplicateHeaderItem, header.defaults[i].span,
             "'default' is given twice in the header");
      continue;
    }
    out_.default_effect = header.defaults[i].effect;
  }
}

}  // namespace intent::check
