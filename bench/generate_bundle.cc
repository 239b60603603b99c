// Writes a synthetic multi-tenant bundle (bundle_writer.h) for timing
// `intentc check` and the engines.
//
//   intent_generate_bundle OUT_DIR [POLICIES=1000] [RULES=8]
#include <iostream>
#include <string>

#include "bench/bundle_writer.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: intent_generate_bundle OUT_DIR [POLICIES] [RULES]\n";
    return 2;
  }
  int policies = argc > 2 ? std::stoi(argv[2]) : 1000;
  int rules = argc > 3 ? std::stoi(argv[3]) : 8;
  intent::bench::WriteBundle(argv[1], policies, rules);
  std::cout << "wrote " << policies << " policies of " << rules << " rules to " << argv[1] << "\n";
  return 0;
}
