//! Where the project's tools and built binaries are.

use std::path::PathBuf;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .nth(2)
        .map(PathBuf::from)
        .unwrap_or(manifest)
}

/// The git-ignored virtualenv holding moto and cargo-lambda (`make venv`);
/// `QSCAN_VENV` overrides it.
pub fn venv() -> PathBuf {
    std::env::var_os("QSCAN_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(".venv"))
}

/// A program from the virtualenv, with a hint when it is missing.
pub fn venv_bin(name: &str) -> anyhow::Result<PathBuf> {
    let path = venv().join("bin").join(name);
    anyhow::ensure!(
        path.exists(),
        "{} not found: run `make venv` (or set QSCAN_VENV)",
        path.display()
    );
    Ok(path)
}

/// A binary built by `cargo build` (same profile as the running test).
pub fn built_binary(name: &str) -> anyhow::Result<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    let profile = std::env::var("QSCAN_PROFILE").unwrap_or_else(|_| "debug".into());
    let path = target.join(profile).join(name);
    anyhow::ensure!(
        path.exists(),
        "{} not built: run `cargo build --workspace --bins` first (make test does)",
        path.display()
    );
    Ok(path)
}
