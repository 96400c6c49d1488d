//! Globs: compile them once, and reject the ones that can never match.
//!
//! A Lambda function name is 1-64 of `A-Z a-z 0-9 - _`, and rules match the
//! *unqualified* function ARN `arn:<partition>:lambda:<region>:<account>:function:<name>`.
//! A glob that needs any other character, or an ARN glob whose fixed
//! segments contradict that shape, is a mistake that would silently never
//! apply: it is an error.

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

use crate::diag::Sink;
use crate::raw::Str;
use qscan_contracts::is_account_id;
use qscan_contracts::regions::{is_function_name, is_function_name_char, is_partition, region};

/// Compiles a glob (`*` and `?` also match `/` and `:`).
pub(crate) fn compile(value: &Str, key: &str, sink: &mut Sink) -> Option<Glob> {
    match GlobBuilder::new(value.get_ref())
        .literal_separator(false)
        .build()
    {
        Ok(glob) => Some(glob),
        Err(e) => {
            sink.error(
                value.span(),
                format!("invalid glob {:?} in `{key}`: {}", value.get_ref(), e.kind()),
                "globs use `*`, `?`, `[abc]`, `[a-z]` and `{one,two}`; escape a literal with `\\\\`",
            );
            None
        }
    }
}

/// One set out of many globs, or `None` when there are none.
pub(crate) fn set(globs: Vec<Glob>) -> Option<GlobSet> {
    if globs.is_empty() {
        return None;
    }
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        builder.add(glob);
    }
    Some(
        builder
            .build()
            .expect("globs that compiled alone compile together"),
    )
}

/// The literal characters of a glob (what `*`, `?`, classes and braces
/// leave), and the minimum length of what it matches.
fn literals(pattern: &str) -> (Vec<char>, usize) {
    let mut literals = Vec::new();
    let mut min_len = 0;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' | '{' | '}' | ',' => {}
            '?' => min_len += 1,
            '[' => {
                // A class matches one character; its members are not literals.
                min_len += 1;
                if chars.peek() == Some(&'!') || chars.peek() == Some(&'^') {
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    chars.next();
                }
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                }
            }
            '\\' => {
                if let Some(escaped) = chars.next() {
                    literals.push(escaped);
                    min_len += 1;
                }
            }
            c => {
                literals.push(c);
                min_len += 1;
            }
        }
    }
    (literals, min_len)
}

/// A glob on function names, checked for characters no name can contain.
pub(crate) fn function(value: &Str, sink: &mut Sink) -> Option<Glob> {
    let text = value.get_ref();
    if text.starts_with("arn:") {
        sink.error(
            value.span(),
            format!("{text:?} in `functions` is an ARN; `functions` matches function names"),
            "move it to `arns`, or keep only the name part",
        );
        return None;
    }
    let (literals, min_len) = literals(text);
    if let Some(bad) = literals.iter().find(|c| !is_function_name_char(**c)) {
        let extra = if *bad == ':' {
            " (a qualifier such as `:1` or `:$LATEST` is not part of the name)"
        } else {
            ""
        };
        sink.error(
            value.span(),
            format!("function glob {text:?} can never match: Lambda function names cannot contain {bad:?}{extra}"),
            "function names are 1-64 of letters, digits, '-' and '_'",
        );
        return None;
    }
    if min_len > 64 {
        sink.error(
            value.span(),
            format!("function glob {text:?} can never match: it needs {min_len} characters, names have at most 64"),
            "shorten the glob",
        );
        return None;
    }
    compile(value, "functions", sink)
}

/// A glob on unqualified function ARNs, checked segment by segment up to
/// the first segment with a wildcard (which may span several segments).
pub(crate) fn arn(value: &Str, sink: &mut Sink) -> Option<Glob> {
    let text = value.get_ref();
    let example = "ARN globs look like \"arn:aws:lambda:*:123456789012:function:orders-*\"";
    let never = |sink: &mut Sink, why: String, hint: &str| {
        sink.error(
            value.span(),
            format!("ARN glob {text:?} can never match: {why}"),
            hint.to_owned(),
        );
        None
    };
    if !text.starts_with("arn:") {
        let hint = if text.contains(':') {
            example.to_owned()
        } else {
            format!("to match function names put it in `functions`; {example}")
        };
        return never(sink, "function ARNs start with `arn:`".to_owned(), &hint);
    }
    let segments: Vec<&str> = text.split(':').collect();
    let mut partition = None;
    for (i, segment) in segments.iter().enumerate().skip(1) {
        if segment.contains(['*', '?', '[', '{', '\\']) {
            break;
        }
        let problem = match i {
            1 if !is_partition(segment) => Some(format!("unknown partition {segment:?}")),
            1 => {
                partition = Some(*segment);
                None
            }
            2 if *segment != "lambda" => Some(format!("service {segment:?} is not `lambda`")),
            3 => match region(segment) {
                None => Some(format!("unknown region {segment:?}")),
                Some(r) if partition.is_some_and(|p| p != r.partition) => Some(format!(
                    "region {segment:?} is in partition {:?}, not {:?}",
                    r.partition,
                    partition.unwrap_or_default()
                )),
                Some(_) => None,
            },
            4 if !is_account_id(segment) => Some(format!("account {segment:?} is not 12 digits")),
            5 if *segment != "function" => {
                Some(format!("resource type {segment:?} is not `function`"))
            }
            6 if !is_function_name(segment) => {
                Some(format!("{segment:?} is not a valid function name"))
            }
            7.. => Some("rules match the unqualified ARN (no `:version` or `:alias`)".to_owned()),
            _ => None,
        };
        if let Some(problem) = problem {
            return never(sink, problem, example);
        }
    }
    compile(value, "arns", sink)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(f: fn(&Str, &mut Sink) -> Option<Glob>, pattern: &str) -> bool {
        let mut sink = Sink::default();
        let result = f(&Str::new(0..pattern.len(), pattern.to_owned()), &mut sink);
        assert_eq!(result.is_some(), !sink.has_errors());
        result.is_some()
    }

    #[test]
    fn function_globs_with_impossible_characters_are_rejected() {
        for ok in ["orders-*", "a?c", "[!x]*", "{api,web}-prod", "*", "x\\-y"] {
            assert!(check(function, ok), "{ok}");
        }
        for bad in [
            "orders.api",
            "my function",
            "orders:1",
            "arn:aws:lambda:*",
            "team/*",
            &"a".repeat(65),
        ] {
            assert!(!check(function, bad), "{bad}");
        }
    }

    #[test]
    fn arn_globs_are_checked_up_to_the_first_wildcard() {
        for ok in [
            "arn:aws:lambda:eu-west-1:123456789012:function:orders-*",
            "arn:*:lambda:*:*:function:*",
            "arn:*",
            "arn:aws-cn:lambda:cn-north-1:*",
        ] {
            assert!(check(arn, ok), "{ok}");
        }
        for bad in [
            "orders-*",
            "arn:aws:s3:::bucket",
            "arn:aws:lambda:eu-west1:*",
            "arn:aws:lambda:cn-north-1:*",
            "arn:aws:lambda:eu-west-1:1234:function:*",
            "arn:aws:lambda:eu-west-1:123456789012:layer:*",
            "arn:aws:lambda:eu-west-1:123456789012:function:x:1",
            "arn:aws:lambda:eu-west-1:123456789012:function:a.b",
        ] {
            assert!(!check(arn, bad), "{bad}");
        }
    }

    #[test]
    fn compiled_globs_match_across_colons() {
        let glob = compile(
            &Str::new(0..1, "arn:*:function:x".into()),
            "arns",
            &mut Sink::default(),
        )
        .unwrap();
        assert!(glob
            .compile_matcher()
            .is_match("arn:aws:lambda:eu-west-1:123456789012:function:x"));
    }
}
