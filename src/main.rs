//! The `clan-inv` binary: a thin shell over `clan_inv::cli`.

// jemalloc: the evaluator makes many small, short-lived allocations; with
// it the 10,000-machine benchmark runs ~30 % faster than with the system
// allocator at the same peak memory (mimalloc was as fast but held ~60 MB
// more).
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read when it starts. A query's memory is touched
/// once and then the process exits, so first-touch page faults are a large
/// part of its time: huge pages (where the kernel allows them for advised
/// memory) make them 7x fewer at 10,000 machines (21K -> 3K). One arena
/// keeps the huge pages few for a small clan, where the other threads
/// allocate little.
// jemalloc reads this symbol as a `const char *`: a thin pointer to a
// NUL-terminated string.
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static MALLOC_CONF: &u8 = &b"thp:always,narenas:1\0"[0];

fn main() {
    std::process::exit(clan_inv::cli::main());
}
