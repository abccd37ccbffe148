//! Every importer on arbitrary bytes: the first byte picks the format (or
//! auto-detection), the rest is the file. No password is given, so the
//! slow key derivations stay out of the loop; every header, container and
//! plain parser runs. An importer may fail; it must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use watchword_core::import::{self, Format};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, file)) = data.split_first() else {
        return;
    };
    let _ = import::detect(file, "fuzz.bin");
    let format = Format::ALL.get(usize::from(selector) % (Format::ALL.len() + 1)).copied();
    // Pictures decode slowly and are the image crate's business.
    let picture = |f: Option<Format>| f.is_some_and(|f| f.name() == "gauth-qr");
    if picture(format) || (format.is_none() && picture(import::detect(file, "fuzz.bin"))) {
        return;
    }
    let _ = import::read(file, "fuzz.bin", format, None);
});
