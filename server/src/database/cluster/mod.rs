//! A private PostgreSQL cluster run from the system's PostgreSQL binaries, for when no
//! `DATABASE_URL` is configured. Its data survives restarts; its password is generated at
//! creation and kept beside it, readable only by its owner.

use std::{
    fs,
    io::Write,
    net::TcpListener,
    os::unix::fs::{OpenOptionsExt, PermissionsExt},
    path::{Path, PathBuf},
    process::{Command, Output},
};

use secrecy::{ExposeSecret, SecretString};

mod binaries;

use binaries::find_binaries;
#[cfg(test)]
use binaries::search_binaries;

/// The operating-system account PostgreSQL runs as when the server itself runs as root.
const SERVICE_ACCOUNT: &str = "postgres";
const SUPERUSER: &str = "postgres";
pub const DATABASE_NAME: &str = "dialoghub";

#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    #[error(
        "no PostgreSQL server binaries found (looked for pg_ctl on PATH and in /usr/lib/postgresql/*/bin): \
         install the PostgreSQL server package (apt-get install postgresql) or set DATABASE_URL"
    )]
    BinariesMissing,
    #[error(
        "no PostgreSQL server binaries (pg_ctl, initdb) in {0}: fix --postgres-bin-dir or set DATABASE_URL"
    )]
    BinariesNotIn(PathBuf),
    #[error(
        "the server runs as root but there is no '{SERVICE_ACCOUNT}' account to run PostgreSQL as: \
         install the PostgreSQL server package or set DATABASE_URL"
    )]
    ServiceAccountMissing,
    #[error(
        "PostgreSQL runs as the '{SERVICE_ACCOUNT}' account, which cannot reach {dir}: {blocked} is not searchable by \
         others; choose another --data-dir or set DATABASE_URL"
    )]
    Unreachable { dir: PathBuf, blocked: PathBuf },
    #[error("{step} failed: {detail}")]
    Step { step: &'static str, detail: String },
}

impl ClusterError {
    fn step(step: &'static str, detail: impl ToString) -> Self {
        Self::Step {
            step,
            detail: detail.to_string(),
        }
    }
}

/// A private cluster that runs (started here or found running).
#[derive(Debug)]
pub struct PrivateCluster {
    dir: PathBuf,
    bin_dir: PathBuf,
    port: u16,
    password: SecretString,
    owner: Option<Account>,
    started_here: bool,
}

/// The account PostgreSQL runs as when it is not the current user.
#[derive(Debug, Clone)]
struct Account {
    uid: u32,
    gid: u32,
}

impl PrivateCluster {
    /// Starts the cluster in `dir`, creating it on first use, or reuses it when it already runs.
    /// `bin_dir` names the PostgreSQL programs' directory; `None` looks for them.
    pub fn start_or_reuse(dir: &Path, bin_dir: Option<&Path>) -> Result<Self, ClusterError> {
        let bin_dir = find_binaries(bin_dir)?;
        let owner = service_account()?;
        let dir = absolute(dir)?;
        if owner.is_some() {
            ensure_reachable_by_others(&dir)?;
        }
        let password_file = password_path(&dir);
        if !dir.join("PG_VERSION").exists() {
            init_cluster(&bin_dir, &dir, &password_file, owner.as_ref())?;
        }
        let password = read_password(&password_file)?;
        let mut cluster = Self {
            dir,
            bin_dir,
            port: 0,
            password,
            owner,
            started_here: false,
        };
        match cluster.running_port() {
            Some(port) => {
                cluster.port = port;
                tracing::info!(dir = %cluster.dir.display(), port, "reusing the running private PostgreSQL cluster");
            }
            None => {
                cluster.port = free_port()?;
                cluster.start()?;
                cluster.started_here = true;
                tracing::info!(dir = %cluster.dir.display(), port = cluster.port, "started the private PostgreSQL cluster");
            }
        }
        Ok(cluster)
    }

    /// The URL of the project's database in this cluster, password included.
    pub fn database_url(&self) -> SecretString {
        self.url_for(DATABASE_NAME)
    }

    /// The URL of the maintenance database, used to create the project's database.
    pub fn maintenance_url(&self) -> SecretString {
        self.url_for("postgres")
    }

    fn url_for(&self, database: &str) -> SecretString {
        format!(
            "postgres://{SUPERUSER}:{}@127.0.0.1:{}/{database}",
            self.password.expose_secret(),
            self.port
        )
        .into()
    }

    /// Whether this process started the cluster (and so should stop it).
    pub fn started_here(&self) -> bool {
        self.started_here
    }

    /// Stops the cluster, waiting for a clean shutdown.
    pub fn stop(&self) -> Result<(), ClusterError> {
        stop_cluster(&self.bin_dir, &self.dir, self.owner.as_ref())
    }

    fn start(&self) -> Result<(), ClusterError> {
        let log = self.dir.join("server.log");
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''",
            self.port
        );
        let output = self
            .pg_command("pg_ctl")
            .arg("-D")
            .arg(&self.dir)
            .arg("-l")
            .arg(&log)
            .args(["-o", &options, "-w", "-t", "60", "start"])
            .output()
            .map_err(|error| ClusterError::step("pg_ctl start", error))?;
        expect_success("pg_ctl start", &output)
    }

    /// The port of the postmaster recorded in `postmaster.pid`, if that postmaster is alive.
    fn running_port(&self) -> Option<u16> {
        let status = self
            .pg_command("pg_ctl")
            .arg("-D")
            .arg(&self.dir)
            .arg("status")
            .output()
            .ok()?;
        if !status.status.success() {
            return None;
        }
        let pid_file = fs::read_to_string(self.dir.join("postmaster.pid")).ok()?;
        pid_file.lines().nth(3)?.trim().parse().ok()
    }

    fn pg_command(&self, program: &str) -> Command {
        pg_command(&self.bin_dir, program, self.owner.as_ref())
    }
}

/// Stops a cluster in `dir` if one runs there; a missing or stopped cluster is not an error.
pub fn stop_if_running(dir: &Path, bin_dir: Option<&Path>) -> Result<bool, ClusterError> {
    let dir = absolute(dir)?;
    if !dir.join("postmaster.pid").exists() {
        return Ok(false);
    }
    let bin_dir = find_binaries(bin_dir)?;
    let owner = service_account()?;
    stop_cluster(&bin_dir, &dir, owner.as_ref())?;
    Ok(true)
}

fn stop_cluster(bin_dir: &Path, dir: &Path, owner: Option<&Account>) -> Result<(), ClusterError> {
    let output = pg_command(bin_dir, "pg_ctl", owner)
        .arg("-D")
        .arg(dir)
        .args(["-m", "fast", "-w", "-t", "60", "stop"])
        .output()
        .map_err(|error| ClusterError::step("pg_ctl stop", error))?;
    expect_success("pg_ctl stop", &output)
}

fn init_cluster(
    bin_dir: &Path,
    dir: &Path,
    password_file: &Path,
    owner: Option<&Account>,
) -> Result<(), ClusterError> {
    fs::create_dir_all(dir)
        .map_err(|error| ClusterError::step("creating the data directory", error))?;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
        .map_err(|error| ClusterError::step("protecting the data directory", error))?;
    write_password(password_file, &generate_password())?;
    if let Some(owner) = owner {
        for path in [dir, password_file] {
            std::os::unix::fs::chown(path, Some(owner.uid), Some(owner.gid)).map_err(|error| {
                ClusterError::step("handing the data directory to postgres", error)
            })?;
        }
    }
    let output = pg_command(bin_dir, "initdb", owner)
        .arg("-D")
        .arg(dir)
        .args([
            "-U",
            SUPERUSER,
            "--auth=scram-sha-256",
            "-E",
            "UTF8",
            "--no-locale",
        ])
        .arg(format!("--pwfile={}", password_file.display()))
        .output()
        .map_err(|error| ClusterError::step("initdb", error))?;
    expect_success("initdb", &output)
}

/// A PostgreSQL program run as the cluster's owner, in its own process group so that a
/// Ctrl-C in the terminal reaches only this server, which then stops PostgreSQL in order.
fn pg_command(bin_dir: &Path, program: &str, owner: Option<&Account>) -> Command {
    use std::os::unix::process::CommandExt;
    let program = bin_dir.join(program);
    let mut command = match owner {
        Some(_) => {
            let mut command = Command::new("runuser");
            command.args(["-u", SERVICE_ACCOUNT, "--"]).arg(program);
            command
        }
        None => Command::new(program),
    };
    command.process_group(0).current_dir("/");
    command
}

fn expect_success(step: &'static str, output: &Output) -> Result<(), ClusterError> {
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let detail = if stderr.trim().is_empty() {
        stdout
    } else {
        stderr
    };
    Err(ClusterError::step(step, detail.trim()))
}

/// PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` account.
fn service_account() -> Result<Option<Account>, ClusterError> {
    if current_uid() != 0 {
        return Ok(None);
    }
    let passwd = fs::read_to_string("/etc/passwd")
        .map_err(|error| ClusterError::step("reading /etc/passwd", error))?;
    passwd
        .lines()
        .find_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            (fields.first() == Some(&SERVICE_ACCOUNT)).then(|| {
                Some(Account {
                    uid: fields.get(2)?.parse().ok()?,
                    gid: fields.get(3)?.parse().ok()?,
                })
            })?
        })
        .map(Some)
        .ok_or(ClusterError::ServiceAccountMissing)
}

fn current_uid() -> u32 {
    use std::os::unix::fs::MetadataExt;
    // /proc/self belongs to the process's effective user; it exists on every Linux system.
    fs::metadata("/proc/self")
        .map(|meta| meta.uid())
        .unwrap_or(u32::MAX)
}

/// Every existing ancestor of `dir` must let other accounts pass through (the execute bit).
fn ensure_reachable_by_others(dir: &Path) -> Result<(), ClusterError> {
    for ancestor in dir.ancestors().skip(1) {
        let Ok(metadata) = fs::metadata(ancestor) else {
            continue;
        };
        if metadata.permissions().mode() & 0o001 == 0 {
            return Err(ClusterError::Unreachable {
                dir: dir.to_path_buf(),
                blocked: ancestor.to_path_buf(),
            });
        }
    }
    Ok(())
}

fn absolute(dir: &Path) -> Result<PathBuf, ClusterError> {
    std::path::absolute(dir)
        .map_err(|error| ClusterError::step("resolving the data directory", error))
}

fn password_path(dir: &Path) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(".password");
    dir.with_file_name(name)
}

fn generate_password() -> SecretString {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
    .into()
}

fn write_password(path: &Path, password: &SecretString) -> Result<(), ClusterError> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(|error| ClusterError::step("writing the cluster password", error))?;
    file.write_all(password.expose_secret().as_bytes())
        .map_err(|error| ClusterError::step("writing the cluster password", error))
}

fn read_password(path: &Path) -> Result<SecretString, ClusterError> {
    fs::read_to_string(path)
        .map(|password| password.trim().to_owned().into())
        .map_err(|error| {
            ClusterError::step(
                "reading the cluster password",
                format!("{}: {error}", path.display()),
            )
        })
}

fn free_port() -> Result<u16, ClusterError> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|error| ClusterError::step("finding a free port", error))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_postgres(bin: &Path) {
        fs::create_dir_all(bin).expect("mkdir");
        for program in ["pg_ctl", "initdb"] {
            fs::write(bin.join(program), "").expect("write");
        }
    }

    #[test]
    fn binaries_on_path_win_over_the_system_versions() {
        let root = tempfile::tempdir().expect("tempdir");
        fake_postgres(&root.path().join("path-bin"));
        fake_postgres(&root.path().join("lib/15/bin"));
        let path = std::env::join_paths([root.path().join("empty"), root.path().join("path-bin")])
            .expect("join");
        let found = search_binaries(Some(path), &root.path().join("lib")).expect("found");
        assert_eq!(found, root.path().join("path-bin"));
    }

    #[test]
    fn the_newest_system_version_is_chosen_numerically() {
        let root = tempfile::tempdir().expect("tempdir");
        for version in ["9", "15", "16"] {
            fake_postgres(&root.path().join(format!("lib/{version}/bin")));
        }
        let found = search_binaries(None, &root.path().join("lib")).expect("found");
        assert_eq!(found, root.path().join("lib/16/bin"));
    }

    #[test]
    fn without_binaries_the_error_says_what_to_install_or_set_in_one_line() {
        let root = tempfile::tempdir().expect("tempdir");
        let error = search_binaries(None, &root.path().join("lib")).expect_err("nothing there");
        let message = error.to_string();
        assert!(message.contains("apt-get install postgresql") && message.contains("DATABASE_URL"));
        assert!(!message.contains('\n'));
    }

    #[test]
    fn a_directory_behind_a_private_parent_is_reported_as_unreachable() {
        let root = tempfile::tempdir().expect("tempdir");
        let private = root.path().join("private");
        fs::create_dir(&private).expect("mkdir");
        fs::set_permissions(&private, fs::Permissions::from_mode(0o700)).expect("chmod");
        let error =
            ensure_reachable_by_others(&private.join("data/postgres")).expect_err("blocked");
        assert!(
            error.to_string().contains(&private.display().to_string()),
            "{error}"
        );
        fs::set_permissions(&private, fs::Permissions::from_mode(0o755)).expect("chmod");
        fs::set_permissions(root.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
        assert!(ensure_reachable_by_others(&private.join("data/postgres")).is_ok());
    }

    #[test]
    fn the_password_file_sits_beside_the_cluster_directory() {
        assert_eq!(
            password_path(Path::new("/srv/data/postgres")),
            PathBuf::from("/srv/data/postgres.password")
        );
    }

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let (first, second) = (generate_password(), generate_password());
        assert_eq!(first.expose_secret().len(), 64);
        assert_ne!(first.expose_secret(), second.expose_secret());
    }

    #[test]
    fn database_urls_never_show_the_password_in_debug_output() {
        let cluster = PrivateCluster {
            dir: PathBuf::from("/x"),
            bin_dir: PathBuf::from("/y"),
            port: 5999,
            password: "s3cret-value".to_owned().into(),
            owner: None,
            started_here: false,
        };
        assert!(
            cluster
                .database_url()
                .expose_secret()
                .contains("s3cret-value")
        );
        assert!(!format!("{cluster:?} {:?}", cluster.database_url()).contains("s3cret-value"));
    }
}
