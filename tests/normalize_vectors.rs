//! Every row of `tests/data/tiers.tsv` (a copy of the project's
//! normalization vectors; see tests/data/README.md): input → display →
//! matching, with each failing row named.

use naqi::Normalizer;

/// Decodes the file's escapes: `\uXXXX` and `\UXXXXXXXX`.
fn unescape(field: &str) -> String {
    let mut out = String::new();
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let width = match chars.next() {
            Some('u') => 4,
            Some('U') => 8,
            other => panic!("bad escape \\{other:?} in {field:?}"),
        };
        let hex: String = chars.by_ref().take(width).collect();
        let u = u32::from_str_radix(&hex, 16).expect("hex escape");
        out.push(char::from_u32(u).expect("scalar value"));
    }
    out
}

/// Shows every character outside printable ASCII as `\u{XXXX}`.
fn escaped(s: &str) -> String {
    s.chars()
        .map(|c| {
            if (' '..='~').contains(&c) {
                c.to_string()
            } else {
                format!("\\u{{{:04X}}}", c as u32)
            }
        })
        .collect()
}

struct Row {
    name: String,
    input: String,
    display: String,
    matching: String,
}

fn rows() -> Vec<Row> {
    let data = include_str!("data/tiers.tsv");
    let mut lines = data.lines();
    assert_eq!(
        lines.next().map(|h| h.split('\t').collect::<Vec<_>>()),
        Some(vec!["name", "input", "display", "matching", "source"])
    );
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 5, "row {l:?}");
            Row {
                name: f[0].to_string(),
                input: unescape(f[1]),
                display: unescape(f[2]),
                matching: unescape(f[3]),
            }
        })
        .collect()
}

#[test]
fn every_vector_passes_both_tiers() {
    let display = Normalizer::display();
    let matching = Normalizer::matching();
    let rows = rows();
    assert_eq!(rows.len(), 154);
    let mut failures = Vec::new();
    for r in &rows {
        let d = display.normalize(&r.input);
        if d != r.display {
            failures.push(format!(
                "{}: display\n  input    {}\n  expected {}\n  actual   {}",
                r.name,
                escaped(&r.input),
                escaped(&r.display),
                escaped(&d)
            ));
        }
        let m = matching.normalize(&r.input);
        if m != r.matching {
            failures.push(format!(
                "{}: matching\n  input    {}\n  expected {}\n  actual   {}",
                r.name,
                escaped(&r.input),
                escaped(&r.matching),
                escaped(&m)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows fail:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

#[test]
fn every_expected_value_is_a_fixed_point() {
    let display = Normalizer::display();
    let matching = Normalizer::matching();
    for r in rows() {
        assert_eq!(display.normalize(&r.display), r.display, "{}: display not idempotent", r.name);
        assert!(display.is_normalized(&r.display), "{}", r.name);
        assert_eq!(
            matching.normalize(&r.matching),
            r.matching,
            "{}: matching not idempotent",
            r.name
        );
        assert_eq!(
            matching.normalize(&display.normalize(&r.input)),
            r.matching,
            "{}: matching(display(x)) != matching(x)",
            r.name
        );
    }
}

#[test]
fn normalize_into_appends() {
    let matching = Normalizer::matching();
    let mut buf = String::from("prefix|");
    for r in rows() {
        buf.truncate("prefix|".len());
        matching.normalize_into(&r.input, &mut buf);
        assert_eq!(&buf["prefix|".len()..], r.matching, "{}", r.name);
    }
}
