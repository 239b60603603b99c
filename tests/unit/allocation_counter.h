// Counts heap allocations (operator new) per thread, for tests that check
// that a warm path allocates nothing. Linking allocation_counter.cc into a
// test binary replaces the global operator new for all of it.
#pragma once

#include <cstddef>

namespace intent::test_support {

// Whether allocations are counted: not under AddressSanitizer, which
// replaces operator new itself (shared libraries would then allocate with
// its operator new and free with ours).
bool CountsAllocations();

// operator new calls made on this thread so far.
size_t ThreadAllocations();

}  // namespace intent::test_support
