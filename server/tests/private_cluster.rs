//! The server binary with no DATABASE_URL: it runs a private PostgreSQL cluster, stops it on
//! SIGTERM, and finds the same data on the next start.

use std::{
    fs,
    net::TcpListener,
    os::unix::fs::PermissionsExt,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use sqlx::{Connection, PgConnection};

struct RunningServer {
    child: Child,
    port: u16,
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

async fn start_server(data_dir: &Path) -> RunningServer {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["--mode", "dev", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("the server binary starts");
    let server = RunningServer { child, port };
    wait_until_ready(&server).await;
    server
}

async fn wait_until_ready(server: &RunningServer) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if probe_ready(server.port).await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("the server did not become ready within 60 s");
}

/// A bare HTTP/1.0 request to the readiness probe; true on a 200 answer.
async fn probe_ready(port: u16) -> bool {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let Ok(mut stream) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await else {
        return false;
    };
    let mut answer = Vec::new();
    let exchanged = async {
        stream
            .write_all(b"GET /health/ready HTTP/1.0\r\n\r\n")
            .await?;
        stream.read_to_end(&mut answer).await
    };
    exchanged.await.is_ok()
        && (answer.starts_with(b"HTTP/1.0 200") || answer.starts_with(b"HTTP/1.1 200"))
}

fn terminate(mut server: RunningServer) {
    let pid = server.child.id().to_string();
    let sent = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let status = server.child.wait().expect("the server exits");
    assert!(
        status.success(),
        "the server exits cleanly on SIGTERM: {status:?}"
    );
}

/// The cluster's URL, read the way an operator would: port from postmaster.pid, password beside it.
fn cluster_url(data_dir: &Path) -> String {
    let cluster = data_dir.join("postgres");
    let pid_file = fs::read_to_string(cluster.join("postmaster.pid")).expect("the cluster runs");
    let port = pid_file.lines().nth(3).expect("port line").trim();
    let password = fs::read_to_string(data_dir.join("postgres.password")).expect("password file");
    format!(
        "postgres://postgres:{}@127.0.0.1:{port}/dialoghub",
        password.trim()
    )
}

fn data_dir() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().expect("tempdir");
    // As root the cluster belongs to the postgres account, which must be able to reach it.
    fs::set_permissions(root.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
    let data = root.path().join("data");
    (root, data)
}

#[tokio::test]
async fn the_private_cluster_stops_on_sigterm_and_keeps_its_data_across_restarts() {
    let (_root, data) = data_dir();

    let server = start_server(&data).await;
    let url = cluster_url(&data);
    let mut connection = PgConnection::connect(&url).await.expect("connects");
    sqlx::query("create table kept (note text)")
        .execute(&mut connection)
        .await
        .expect("create");
    sqlx::query("insert into kept values ('still here')")
        .execute(&mut connection)
        .await
        .expect("insert");
    connection.close().await.expect("close");
    terminate(server);

    assert!(
        !data.join("postgres/postmaster.pid").exists(),
        "PostgreSQL stopped with the server"
    );
    assert!(
        PgConnection::connect(&url).await.is_err(),
        "nothing answers on the old port"
    );

    let server = start_server(&data).await;
    let mut connection = PgConnection::connect(&cluster_url(&data))
        .await
        .expect("connects again");
    let note: String = sqlx::query_scalar("select note from kept")
        .fetch_one(&mut connection)
        .await
        .expect("the row survived");
    assert_eq!(note, "still here");
    connection.close().await.expect("close");
    terminate(server);
}

#[tokio::test]
async fn the_password_file_is_readable_only_by_its_owner() {
    let (_root, data) = data_dir();
    let server = start_server(&data).await;
    let mode = fs::metadata(data.join("postgres.password"))
        .expect("exists")
        .permissions()
        .mode();
    terminate(server);
    assert_eq!(mode & 0o077, 0, "no access for group or others: {mode:o}");
}

#[test]
fn without_postgresql_programs_the_server_exits_with_one_line_saying_what_to_do() {
    let (_root, data) = data_dir();
    let output = Command::new(env!("CARGO_BIN_EXE_server"))
        .args([
            "--mode",
            "dev",
            "--postgres-bin-dir",
            "/nonexistent/bin",
            "--listen",
            "127.0.0.1:0",
        ])
        .arg("--data-dir")
        .arg(&data)
        .env_remove("DATABASE_URL")
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line: {stderr}");
    assert!(
        lines[0].contains("/nonexistent/bin") && lines[0].contains("DATABASE_URL"),
        "{stderr}"
    );
}

/// Runs the server to its exit with `args`, on a fresh data folder, and returns its stderr.
fn failed_start(data: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("DATABASE_URL")
        .env_remove("DIALOG_TOKEN_KEYS")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .output()
        .expect("runs");
    assert!(!output.status.success(), "the start fails");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn production_without_dialog_token_keys_stops_before_starting_a_cluster() {
    let (_root, data) = data_dir();
    let port = free_port().to_string();
    let stderr = failed_start(
        &data,
        &[
            "--mode",
            "production",
            "--listen",
            &format!("127.0.0.1:{port}"),
        ],
    );
    assert!(stderr.contains("DIALOG_TOKEN_KEYS"), "{stderr}");
    assert!(
        !data.join("postgres").exists(),
        "no cluster was created: {stderr}"
    );
}

#[test]
fn a_taken_address_stops_the_start_before_the_cluster_starts() {
    let (_root, data) = data_dir();
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = taken.local_addr().expect("addr").to_string();
    let stderr = failed_start(&data, &["--mode", "dev", "--listen", &address]);
    assert!(stderr.contains("cannot listen on"), "{stderr}");
    assert!(
        !data.join("postgres/postmaster.pid").exists(),
        "no PostgreSQL is left running: {stderr}"
    );
}
