// Request ids for requests that came without an X-Request-ID: the gateway
// makes one, so that every decision log line can be matched to the HTTP
// exchange it answered, and returns it in the response's X-Request-ID.
#pragma once

#include <string>

namespace intent::gateway {

// A random UUID (version 4) in its usual text form. Thread-safe and cheap:
// each thread draws from its own generator, seeded once from the OS.
std::string NewRequestId();

}  // namespace intent::gateway
