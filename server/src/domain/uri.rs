//! URIs as upstream's validators judge them.

/// Upstream's longest URI (`Constants.DefaultMaxUriLength`).
pub const MAX_URI_LENGTH: usize = 1023;

/// Whether a URI reference is well formed, as .NET's `Uri.IsWellFormedUriString(value,
/// UriKind.RelativeOrAbsolute)` that upstream's validators use judges it: no spaces or
/// characters that must be escaped, escapes of two hex digits, and a scheme (when there is one)
/// of letters, digits, `+`, `-` and `.` after a letter.
pub fn is_well_formed_uri(value: &str) -> bool {
    let bytes = value.as_bytes();
    let escapes_ok = bytes.iter().enumerate().all(|(index, byte)| {
        *byte != b'%'
            || (bytes.get(index + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(index + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    let scheme_ok = match value.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        _ => true,
    };
    !value.is_empty()
        && escapes_ok
        && scheme_ok
        && !value
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c))
}

#[cfg(test)]
mod tests {
    use super::is_well_formed_uri;

    #[test]
    fn uris_are_judged_as_upstreams_validators_judge_them() {
        for good in [
            "urn:skd:process:1",
            "https://skd.no/a?b=c#d",
            "relative/path",
            "a%20b",
        ] {
            assert!(is_well_formed_uri(good), "{good}");
        }
        for bad in [
            "",
            "not a uri",
            "a%zz",
            "<x>",
            "1urn:x",
            "a\"b",
            "tab\there",
        ] {
            assert!(!is_well_formed_uri(bad), "{bad}");
        }
    }
}
