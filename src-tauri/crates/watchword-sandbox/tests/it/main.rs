//! Integration tests: the real sandbox over loopback, raw HTTP with JSON.
#![allow(missing_docs)]

mod auth365;
mod common;
mod faults;
mod infobip;
mod limits;
mod sandbox;
mod security;
mod sinch;
