// Synthetic multi-tenant bundles for benchmarks: POLICIES policy files of
// RULES rules each, one agent per policy ("agent-N"), over a copy of the
// gmail example's schema.
#pragma once

#include <string>

namespace intent::bench {

void WriteBundle(const std::string& directory, int policies, int rules);

}  // namespace intent::bench
