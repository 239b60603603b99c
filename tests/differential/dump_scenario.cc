// Writes the scenario of a seed to a folder, to reproduce a differential
// failure with intentc:
//
//   intent_difftest_dump 42 /tmp/s42
//   intentc check /tmp/s42 && intentc eval /tmp/s42 /tmp/s42/requests.jsonl
#include <cstdio>
#include <exception>
#include <string>

#include "tests/differential/generator.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s SEED DIR\n", argv[0]);
    return 2;
  }
  try {
    uint64_t seed = std::stoull(argv[1]);
    intent::difftest::WriteScenario(intent::difftest::GenerateScenario(seed), argv[2]);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "error: %s\n", error.what());
    return 2;
  }
  return 0;
}
