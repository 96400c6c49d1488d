//! `qscanner-standin`: a stand-in for Qualys QScanner (see the library docs).

fn main() {
    let argv: Result<Vec<String>, _> = std::env::args_os()
        .skip(1)
        .map(|a| a.into_string())
        .collect();
    let Ok(argv) = argv else {
        eprintln!("qscanner-standin: invalid parameter: arguments must be utf-8");
        std::process::exit(2);
    };
    let env = std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .collect();
    std::process::exit(qscanner_standin::run(&argv, &env));
}
