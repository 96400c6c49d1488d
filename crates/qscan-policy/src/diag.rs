//! Diagnostics: every problem found in a policy file, with its line,
//! column and a hint, printed the way compilers print them:
//!
//! ```text
//! policy/policy.toml:12:15: error: unknown region "eu-west1"
//!   hint: did you mean `eu-west-1`?
//! ```

use std::fmt;
use std::ops::Range;

/// Whether a diagnostic makes the policy unusable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// The policy works but probably not as intended (an expired ignore).
    Warning,
    /// The policy is rejected.
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// One problem in a policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    /// Where the policy came from (a path or an S3 URI).
    pub origin: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Byte range in the source.
    pub span: Range<usize>,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.origin,
            self.line,
            self.column,
            self.level.as_str(),
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Why a policy was rejected: all its errors, and the warnings found on
/// the way, in source order. Displays one diagnostic per line (plus its
/// hint line).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics {
    pub origin: String,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Errors and warnings together, in source order.
    pub fn all(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> = self.errors.iter().chain(&self.warnings).collect();
        all.sort_by_key(|d| (d.span.start, std::cmp::Reverse(d.level)));
        all
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.all().into_iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// Collects diagnostics while a policy is checked, by byte span; turns
/// them into line:column once at the end.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    found: Vec<(Level, Range<usize>, String, Option<String>)>,
}

impl Sink {
    pub fn error(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(Level::Error, span, message.into(), Some(hint.into()));
    }

    pub fn warning(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(Level::Warning, span, message.into(), Some(hint.into()));
    }

    fn push(&mut self, level: Level, span: Range<usize>, message: String, hint: Option<String>) {
        let duplicate = self
            .found
            .iter()
            .any(|(l, s, m, _)| *l == level && *s == span && *m == message);
        if !duplicate {
            self.found.push((level, span, message, hint));
        }
    }

    pub fn has_errors(&self) -> bool {
        self.found.iter().any(|(level, ..)| *level == Level::Error)
    }

    /// Resolves spans against `source`; returns (errors, warnings), each in
    /// source order.
    pub fn finish(mut self, source: &str, origin: &str) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        self.found.sort_by_key(|(_, span, ..)| span.start);
        let (mut errors, mut warnings) = (Vec::new(), Vec::new());
        for (level, span, message, hint) in self.found {
            let (line, column) = line_column(source, span.start);
            let diagnostic = Diagnostic {
                level,
                origin: origin.to_owned(),
                line,
                column,
                span,
                message,
                hint,
            };
            match level {
                Level::Error => errors.push(diagnostic),
                Level::Warning => warnings.push(diagnostic),
            }
        }
        (errors, warnings)
    }
}

/// 1-based line and character column of byte `offset` in `source`.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let source = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_column(source, 0), (1, 1));
        assert_eq!(line_column(source, 6), (2, 1));
        let quote = source.find('"').unwrap();
        assert_eq!(line_column(source, quote), (2, 6), "é is one column");
        assert_eq!(line_column(source, 10_000), (3, 1), "clamped to the end");
    }

    #[test]
    fn displays_like_a_compiler_with_errors_before_warnings_at_the_same_place() {
        let mut sink = Sink::default();
        sink.warning(6..7, "later warning", "w");
        sink.error(0..1, "first error", "fix it");
        sink.error(0..1, "first error", "fix it");
        let (errors, warnings) = sink.finish("a = 1\nb = 2\n", "p.toml");
        let diagnostics = Diagnostics {
            origin: "p.toml".into(),
            errors,
            warnings,
        };
        assert_eq!(
            diagnostics.to_string(),
            "p.toml:1:1: error: first error\n  hint: fix it\np.toml:2:1: warning: later warning\n  hint: w"
        );
    }
}
