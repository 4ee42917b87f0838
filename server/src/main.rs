use clap::Parser;
use server::cli::Cli;
use std::process::ExitCode;

// Server rendering allocates and frees thousands of small strings and nodes per page across
// worker threads; under glibc's allocator that was about 30 % of the server's CPU time under
// load (`perf`, docs/BENCHMARKS.md "HTTP routes"). mimalloc's per-thread free lists suit it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    // A missing .env is normal; a malformed one is not ignored silently.
    if let Err(error) = dotenvy::dotenv()
        && !error.not_found()
    {
        eprintln!("error: could not read .env: {error}");
        return ExitCode::FAILURE;
    }
    let cli = Cli::parse();
    match cli.run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
