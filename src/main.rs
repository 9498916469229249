fn main() {
    std::process::exit(clan_inv::cli::main());
}
