fn main() {
    if std::env::args().nth(1).as_deref() == Some("schema") {
        schema();
        return;
    }
    let src = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    match qscan_policy::Policy::parse(&src, "x.toml") {
        Ok(l) => {
            println!("OK {:#?}", l.policy.skip_rules().len());
            for w in l.warnings {
                println!("{w}");
            }
        }
        Err(d) => println!("{d}"),
    }
}
#[allow(dead_code)]
fn schema() {
    print!("{}", qscan_policy::json_schema());
}
