//! Entry point: parse the configuration, start logging, run the chosen command.

use clap::Parser;
use server::config::{Cli, Command};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    if let Err(error) = cli.config.validate() {
        eprintln!("{error}");
        return std::process::ExitCode::from(2);
    }
    server::telemetry::init(cli.config.log_format());
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => server::serve(cli.config).await,
        Command::Database { action } => server::manage_database(cli.config, action).await,
        Command::Authorization { action } => server::manage_authorization(cli.config, action).await,
        Command::DemoData => server::create_demo_data(cli.config).await,
        Command::BenchData {
            dialogs,
            seed,
            replace,
        } => {
            let options = server::bench_data::Options {
                dialogs,
                seed,
                replace,
            };
            server::create_bench_data(cli.config, options).await
        }
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
