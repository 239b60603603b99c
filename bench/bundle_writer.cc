// Writes the bundles of bundle_writer.h.
#include "bench/bundle_writer.h"

#include <filesystem>
#include <fstream>
#include <string>

namespace intent::bench {
namespace {

// Eight rule shapes that use the common operators, cycled through.
const char* const kRules[] = {
    "allow read on messages\n  when message.unread and message.received >= today\n",
    "allow send on messages\n  when all r in message.to: r.domain in company\n",
    "ask send on messages\n  unless all r in message.to: r.domain in company\n  because \"leaves "
    "the company\"\n",
    "forbid delete on messages\n",
    "allow trash on messages\n  when message.sender.domain in [\"news.example.com\", "
    "\"substack.com\"]\n  limit 10 per 1d\n",
    "ask read on messages\n  when has message.subject and message.subject contains "
    "\"confidential\"\n",
    "allow read on messages\n  when message.size < 1000000 and \"inbox\" in message.labels\n",
    "forbid send on messages\n  when any r in message.to: r.domain ends_with \".invalid\"\n",
};

}  // namespace

void WriteBundle(const std::string& directory, int policies, int rules) {
  namespace fs = std::filesystem;
  fs::path out = directory;
  fs::create_directories(out / "schemas");
  fs::copy_file(fs::path(INTENT_SOURCE_DIR) / "examples/gmail/schemas/gmail.schema.json",
                out / "schemas/gmail.schema.json", fs::copy_options::overwrite_existing);
  for (int p = 0; p < policies; ++p) {
    std::ofstream file(out / ("agent" + std::to_string(p) + ".intent"));
    file << "policy \"agent " << p << "\" for gmail\n  applies to agent \"agent-" << p
         << "\"\n  timezone \"Europe/Berlin\"\n\nlet company = [\"tenant" << p
         << ".example.com\"]\n\n";
    for (int r = 0; r < rules; ++r) {
      file << "@id(\"agent" << p << "-rule" << r << "\")\n" << kRules[r % 8] << "\n";
    }
  }
}

}  // namespace intent::bench
