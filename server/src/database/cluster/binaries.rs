//! Where the system's PostgreSQL server programs are.

use std::{
    fs,
    path::{Path, PathBuf},
};

use super::ClusterError;

/// The directory holding `pg_ctl` and `initdb`: the one given, else from PATH, else the newest
/// `/usr/lib/postgresql/*/bin`.
pub(super) fn find_binaries(explicit: Option<&Path>) -> Result<PathBuf, ClusterError> {
    match explicit {
        Some(dir) if has_server_programs(dir) => Ok(dir.to_path_buf()),
        Some(dir) => Err(ClusterError::BinariesNotIn(dir.to_path_buf())),
        None => search_binaries(std::env::var_os("PATH"), Path::new("/usr/lib/postgresql")),
    }
}

pub(super) fn search_binaries(
    path_var: Option<std::ffi::OsString>,
    versions_root: &Path,
) -> Result<PathBuf, ClusterError> {
    let on_path = path_var
        .iter()
        .flat_map(std::env::split_paths)
        .find(|dir| has_server_programs(dir));
    if let Some(dir) = on_path {
        return Ok(dir);
    }
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir(versions_root)
        .map_err(|_| ClusterError::BinariesMissing)?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            has_server_programs(&bin).then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, bin)| bin)
        .ok_or(ClusterError::BinariesMissing)
}

fn has_server_programs(dir: &Path) -> bool {
    dir.join("pg_ctl").is_file() && dir.join("initdb").is_file()
}
