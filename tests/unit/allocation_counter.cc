// The replacement operator new/delete behind allocation_counter.h. In a file
// of its own: GCC sees through inlined replacements and then reports
// malloc/free as mismatched with new/delete.
#include "tests/unit/allocation_counter.h"

#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define INTENT_COUNT_ALLOCATIONS 0
#else
#define INTENT_COUNT_ALLOCATIONS 1
#endif

namespace {
thread_local size_t allocations = 0;
}  // namespace

#if INTENT_COUNT_ALLOCATIONS
void* operator new(size_t size) {
  ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
#endif

namespace intent::test_support {

bool CountsAllocations() { return INTENT_COUNT_ALLOCATIONS != 0; }
size_t ThreadAllocations() { return allocations; }

}  // namespace intent::test_support
