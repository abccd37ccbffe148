//! `watchword-sandbox`: the sandbox server from a terminal.
fn main() {}
