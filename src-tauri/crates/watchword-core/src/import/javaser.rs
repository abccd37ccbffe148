//! Just enough of Java's object serialization to read a `HashMap<String,
//! String>` (FreeOTP 2's backup file). Everything is bounds-checked: a
//! truncated or hostile stream is `None`, never a panic.

use zeroize::Zeroizing;

const MAGIC: u16 = 0xaced;
const VERSION: u16 = 5;
const TC_NULL: u8 = 0x70;
const TC_CLASSDESC: u8 = 0x72;
const TC_OBJECT: u8 = 0x73;
const TC_STRING: u8 = 0x74;
const TC_BLOCKDATA: u8 = 0x77;
const TC_ENDBLOCKDATA: u8 = 0x78;
const TC_LONGSTRING: u8 = 0x7c;
/// More entries than any authenticator has: the stream is not what it claims.
const MAX_ENTRIES: usize = 100_000;

/// Whether the bytes start like a Java serialization stream.
pub(crate) fn is_java_stream(bytes: &[u8]) -> bool {
    bytes.len() >= 4 && u16::from_be_bytes([bytes[0], bytes[1]]) == MAGIC
}

/// The map's entries, in stream order; `None` if the stream is anything else.
pub(crate) fn hash_map(bytes: &[u8]) -> Option<Vec<(String, Zeroizing<String>)>> {
    let mut r = Reader { bytes, at: 0 };
    if r.u16()? != MAGIC || r.u16()? != VERSION {
        return None;
    }
    if r.u8()? != TC_OBJECT || r.u8()? != TC_CLASSDESC {
        return None;
    }
    if r.utf()? != "java.util.HashMap" {
        return None;
    }
    r.take(8)?; // serialVersionUID
    r.u8()?; // flags
    let fields = r.u16()?;
    let mut values = 0usize;
    for _ in 0..fields {
        let kind = r.u8()?;
        r.utf()?;
        values += match kind {
            b'B' | b'Z' => 1,
            b'C' | b'S' => 2,
            b'F' | b'I' => 4,
            b'D' | b'J' => 8,
            _ => return None, // object fields: HashMap has none
        };
    }
    if r.u8()? != TC_ENDBLOCKDATA || r.u8()? != TC_NULL {
        return None;
    }
    r.take(values)?; // loadFactor, threshold
    if r.u8()? != TC_BLOCKDATA {
        return None;
    }
    let block = usize::from(r.u8()?);
    let block = r.take(block)?;
    let size = block.get(4..8)?;
    let size = u32::from_be_bytes(size.try_into().ok()?) as usize;
    if size > MAX_ENTRIES {
        return None;
    }
    let mut out = Vec::with_capacity(size.min(1024));
    for _ in 0..size {
        let key = r.string()?;
        let value = r.string()?;
        out.push((key.to_string(), value));
    }
    Some(out)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_be_bytes(self.take(2)?.try_into().ok()?))
    }

    /// A modified-UTF-8 string with a u16 length (class and field names).
    fn utf(&mut self) -> Option<String> {
        let length = usize::from(self.u16()?);
        String::from_utf8(self.take(length)?.to_vec()).ok()
    }

    /// A string object (`TC_STRING` or `TC_LONGSTRING`), wiped on drop.
    fn string(&mut self) -> Option<Zeroizing<String>> {
        let length = match self.u8()? {
            TC_STRING => usize::from(self.u16()?),
            TC_LONGSTRING => {
                usize::try_from(u64::from_be_bytes(self.take(8)?.try_into().ok()?)).ok()?
            }
            _ => return None,
        };
        let bytes = Zeroizing::new(self.take(length)?.to_vec());
        std::str::from_utf8(&bytes)
            .ok()
            .map(|s| Zeroizing::new(s.to_owned()))
    }
}
