// Asking the kernel for transparent huge pages on a large block. A full chip's state (about
// 50 MB of cores) is touched all over every tick; on 4 KiB pages most accesses also miss the
// TLB. Debian's default THP mode is "madvise", so the block has to ask.
#pragma once

#include <cstddef>

namespace meridian {

// Advises [p, p + bytes) (whole 2 MiB pages inside it) for huge pages. Call before the memory is
// first written: pages already faulted in stay small. A no-op where unsupported.
void advise_huge_pages(void* p, size_t bytes);

}  // namespace meridian
