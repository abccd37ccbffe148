//! `watchword`: codes, URIs and (later) the vault from a terminal.
//!
//! Exit codes: 0 success, 2 bad input or usage (one line on stderr).

mod commands;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match commands::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => err.exit(), // --help, --version
        Err(err) => {
            // clap's message is a paragraph, then usage: keep the paragraph, on one line.
            let rendered = err.render().to_string();
            let paragraph: Vec<&str> = rendered
                .lines()
                .map(str::trim)
                .take_while(|line| !line.is_empty())
                .collect();
            let message = paragraph.join(" ");
            eprintln!("watchword: {}", message.trim_start_matches("error: "));
            return ExitCode::from(2);
        }
    };
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // One line, whatever the error chain: scripts read stderr line by line.
            let message = format!("{err:#}").replace('\n', " ");
            eprintln!("watchword: {message}");
            ExitCode::from(2)
        }
    }
}
