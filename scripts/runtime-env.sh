# Native-runtime settings for libtorch on the JVM; sourced by ./helen (and by
# scripts/peer-side-by-side.sh, to run the peer under the same settings). Every variable keeps a
# value the user already exported. Each was measured on the 2-core development machine (AMD EPYC,
# family 26) with DeepFM on the peer's data, one epoch at batch 1024; see docs/explanation/native-runtime.md.

# libtorch's OpenMP threads busy-wait by default: training was 2.4x slower on 2 cores.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

# glibc serves every allocation above its mmap threshold (at most 32 MiB) from fresh mmap'd pages
# and unmaps them on free, so each step faulted its large tensors in again: ~1,500 page faults per
# DeepFM step at batch 1024, and at batch 10,000 with 1000-wide layers every 40 MB activation.
# No mmap at all (MALLOC_MMAP_MAX_=0; a threshold above 32 MiB is not accepted by every glibc) and
# a 1 GiB trim threshold keep freed tensor memory in the heap for the next step. The paper's
# DeepFM at batch 10,000 (`helen bench train`): 3.1-4.0M -> 0.44-0.59M page faults per run, Adam
# 1,863 -> 4,189 samples/s, SAM 1,060 -> 2,052; peak RSS 1.28 -> 1.43-1.56 GB (the heap keeps its
# high-water mark). A user who exported an mmap threshold keeps glibc's mmap for what lies above it.
if [ -z "${MALLOC_MMAP_THRESHOLD_+set}" ]; then
    export MALLOC_MMAP_MAX_="${MALLOC_MMAP_MAX_:-0}"
fi
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-1073741824}"

# One malloc arena. A secondary arena (the JVM's main thread gets one) grows in heaps of at most
# 64 MiB and unmaps a heap once it is empty, whatever the thresholds above say: at batch 10,000 a
# step's activations (16 MB each for a 400-wide layer) outgrow such heaps, and every batch faulted
# its memory in again. The main arena grows with brk and keeps what it has. Measured on the peer's
# DeepFM: forward at batch 10,000 went from 25-31k to 121-125k rows/s (645k -> 145k page faults in
# the same loop); the paper's DeepFM training at batch 10,000, two alternating pairs, 1,788/1,964 ->
# 1,948/2,294 samples/s with peak RSS 1.43-1.45 -> 1.25-1.29 GB; batch 1024 unchanged.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"

# OPENBLAS_CORETYPE is left as the environment has it. Some shared machines force "Haswell"
# (AVX2) because older OpenBLAS builds miscompute on newer CPUs; the OpenBLAS 0.3.31 bundled with
# libtorch detects AVX-512 itself (it chose Cooperlake on the AMD EPYC here, and its sgemm ran
# 1.8x faster than with Haswell kernels). docs/explanation/native-runtime.md says how to let it choose.
