// What libintent exports: everything else in it is hidden, so a gateway
// sees only this API (and not the LLVM, ANTLR or simdjson symbols inside).
#pragma once

#if defined(__GNUC__)
#define INTENT_API __attribute__((visibility("default")))
#else
#define INTENT_API
#endif
