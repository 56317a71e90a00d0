//! Rebuilds the server when a migration is added or edited: the migrations are embedded
//! (`embed_migrations!`), and cargo does not otherwise notice a new folder.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
