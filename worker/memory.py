"""glibc's malloc tuned for a long-running worker, so its memory levels off.

A worker decodes audio and builds Whisper's features in large numpy buffers on executor
threads, job after job. By default glibc (1) raises its mmap threshold each time such a buffer
is freed, so later ones come from the heap instead of their own mappings, and (2) gives busy
threads heaps (arenas) of their own; freed heap memory is then kept in pieces the system never
gets back, and the worker's RSS climbs in steps of tens of MiB at unpredictable jobs. The soak
benchmark (bench/soak.py, 120 jobs) measured 266 -> 310 MiB with steps, still rising; with a
fixed 1 MiB mmap threshold and two arenas, flat at 234 MiB (within 2 MiB) from the tenth job.

The same as MALLOC_MMAP_THRESHOLD_=1048576 MALLOC_ARENA_MAX=2 in the environment, which an
operator may still set otherwise: values given there are left alone.
"""

from __future__ import annotations

import ctypes
import os

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter numbers (malloc.h)
_M_ARENA_MAX = -8
MMAP_THRESHOLD = 1 << 20
ARENA_MAX = 2


def tune_malloc() -> bool:
    """Set both, unless the environment does; False where the C library is not glibc."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    if "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    if "MALLOC_ARENA_MAX" not in os.environ:
        mallopt(_M_ARENA_MAX, ARENA_MAX)
    return True
