// The replacement operator new/delete behind allocation_counter.h. In a file
// of its own: GCC sees through inlined replacements and then reports
// malloc/free as mismatched with new/delete.
#include "tests/unit/allocation_counter.h"

#include <cstdlib>
#include <new>

namespace {
thread_local size_t allocations = 0;
}  // namespace

void* operator new(size_t size) {
  ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace intent::test_support {

size_t ThreadAllocations() { return allocations; }

}  // namespace intent::test_support
