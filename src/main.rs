// mimalloc: the evaluator allocates many small objects; it is markedly
// faster than the system allocator for that pattern.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(clan_inv::cli::main());
}
