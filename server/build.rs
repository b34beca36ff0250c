//! Rebuilds when a migration is added or removed: `sqlx::migrate!` embeds the directory's files.

fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
