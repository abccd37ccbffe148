//! The `watchword-desktop` binary.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    watchword_desktop::run();
}
