//! Links the `clan-inv` executable as a non-PIE binary on Linux. A PIE
//! binary has every pointer in its read-only data relocated at each start
//! (15,000 relocations, 70 written pages): a tenth of a typical query,
//! which takes a few milliseconds in all. Only the executable's own image
//! loses address randomization; libraries, stack and heap keep it.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
