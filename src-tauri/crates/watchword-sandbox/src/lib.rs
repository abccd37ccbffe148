//! A local server that speaks the PIN providers' APIs, so PIN flows work offline and in tests.
