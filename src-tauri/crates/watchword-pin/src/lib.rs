//! Typed clients for server-side PIN verification providers.
