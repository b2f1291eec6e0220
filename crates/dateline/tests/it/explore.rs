//! `dateline explore` (issue 19): the server started on the sample corpus, every API endpoint
//! called over HTTP, and each CSV answer compared byte for byte with the file the command line
//! writes with the same options; the JSON answers hold the same rows; other origins, other
//! hosts, other methods and unknown parameters are refused.
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};

use crate::harness;

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// The server process, stopped when the test ends (also when it fails).
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(corpus: &Path) -> Server {
    let mut child = harness::command(["explore", s(corpus), "-q"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start dateline explore");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the URL line");
    let addr = line
        .trim()
        .strip_prefix("http://")
        .and_then(|r| r.strip_suffix('/'))
        .unwrap_or_else(|| panic!("not a URL: {line:?}"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    Server { child, addr }
}

/// One HTTP/1.1 request; the status, the headers (lowercased names) and the body.
fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    let mut req = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("Host: {addr}\r\n"));
    }
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8(raw[..split].to_vec()).expect("ASCII headers");
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let body = raw[split + 4..].to_vec();
    let len = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .map(|(_, v)| v.parse::<usize>().expect("length"));
    assert_eq!(len, Some(body.len()), "{path}: whole body, not chunked");
    (status, headers, body)
}

fn get(srv: &Server, path: &str) -> (u16, Vec<u8>) {
    let (status, _, body) = request(&srv.addr, "GET", path, &[]);
    (status, body)
}

fn json(srv: &Server, path: &str) -> serde_json::Value {
    let (status, body) = get(srv, path);
    assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&body));
    serde_json::from_slice(&body).expect("JSON")
}

fn error_of(srv: &Server, path: &str, want: u16) -> String {
    let (status, body) = get(srv, path);
    assert_eq!(status, want, "{path}: {}", String::from_utf8_lossy(&body));
    let v: serde_json::Value = serde_json::from_slice(&body).expect("JSON error");
    assert_eq!(v["api"], "v1");
    v["error"].as_str().expect("error message").to_string()
}

/// The command line's CSV (`args` then `-o out`), read back.
fn cli_csv(tmp: &Path, name: &str, args: &[&str]) -> Vec<u8> {
    let out = tmp.join(name);
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["-q", "-o", s(&out)]);
    let o = harness::run(all);
    assert_eq!(o.code, Some(0), "{args:?}: {}", o.stderr);
    std::fs::read(&out).expect("the CLI's CSV")
}

fn rows_of_csv(bytes: &[u8]) -> usize {
    let mut n = 0;
    for r in csv::Reader::from_reader(bytes).records() {
        r.expect("a CSV record");
        n += 1;
    }
    n
}

#[test]
fn every_endpoint_answers_the_command_lines_tables() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = harness::ingest_sample(tmp.path(), "c.parquet");
    let c = s(&corpus);
    let srv = start(&corpus);

    // info: the corpus as the ingest report counts it.
    let info = json(&srv, "/api/v1/info");
    assert_eq!(info["corpus"]["docs"], 19);
    assert_eq!(info["corpus"]["dated"], 19);
    assert_eq!(info["corpus"]["first"], "2017-03-07");
    assert_eq!(info["corpus"]["last"], "2019-04-26");
    assert_eq!(info["corpus"]["periods"]["year"], 3);
    assert_eq!(info["corpus"]["index"], "read");

    let cases: Vec<(&str, String, Vec<&str>)> = vec![
        (
            "trend.csv",
            "trend?q=nuclear&q=us%3DUnited+States%7CU.S.%7CAmerica&q=Kim+Jong+Un&by=year".into(),
            vec![
                "trend",
                c,
                "nuclear",
                "us=United States|U.S.|America",
                "Kim Jong Un",
                "--by",
                "year",
            ],
        ),
        (
            "trend_month.csv",
            "trend?q=missile*&by=month&smooth=3&from=2017-06&to=2018".into(),
            vec![
                "trend", c, "missile*", "--by", "month", "--smooth", "3", "--from", "2017-06",
                "--to", "2018",
            ],
        ),
        (
            "kwic.csv",
            "kwic?q=nuclear".into(),
            vec!["kwic", c, "nuclear"],
        ),
        (
            "kwic_window.csv",
            "kwic?q=Kim+Jong+Un&window=4&from=2018".into(),
            vec!["kwic", c, "Kim Jong Un", "--window", "4", "--from", "2018"],
        ),
        (
            "collocates.csv",
            "collocates?q=nuclear&window=5&by=all".into(),
            vec![
                "cooccur", c, "--target", "nuclear", "--window", "5", "--by", "all",
            ],
        ),
        // Another (by, range) than the whole corpus: its co-occurrence totals are counted
        // on this first ask; the same again below reads them as kept.
        (
            "collocates_range.csv",
            "collocates?q=Kim+Jong+Un&window=3&by=month&from=2017&to=2018".into(),
            vec![
                "cooccur",
                c,
                "--target",
                "Kim Jong Un",
                "--window",
                "3",
                "--by",
                "month",
                "--from",
                "2017",
                "--to",
                "2018",
            ],
        ),
        (
            "collocates_range_again.csv",
            "collocates?q=nuclear&q=missile*&by=month&from=2017&to=2018&boolean=true".into(),
            vec![
                "cooccur",
                c,
                "--target",
                "nuclear",
                "--target",
                "missile*",
                "--by",
                "month",
                "--from",
                "2017",
                "--to",
                "2018",
                "--boolean",
            ],
        ),
        (
            "cooccur.csv",
            "cooccur?q=nuclear&scope=sentence&by=year&min_count=2".into(),
            vec![
                "cooccur",
                c,
                "--target",
                "nuclear",
                "--scope",
                "sentence",
                "--by",
                "year",
                "--min-count",
                "2",
            ],
        ),
        (
            "compare.csv",
            "compare?a=2017&b=2018..2019&min_count=3".into(),
            vec![
                "compare",
                c,
                "--a",
                "2017",
                "--b",
                "2018..2019",
                "--min-count",
                "3",
            ],
        ),
    ];
    for (name, path, args) in &cases {
        let want = cli_csv(tmp.path(), name, args);
        assert!(rows_of_csv(&want) > 0, "{name}: the CLI found rows");
        let (status, headers, got) =
            request(&srv.addr, "GET", &format!("/api/v1/{path}&format=csv"), &[]);
        assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&got));
        assert!(headers
            .iter()
            .any(|(k, v)| k == "content-type" && v.starts_with("text/csv")));
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want),
            "{path} as CSV equals `dateline {}`",
            args.join(" ")
        );
        // The JSON answer holds the same rows, values typed.
        let j = json(&srv, &format!("/api/v1/{path}"));
        assert_eq!(j["api"], "v1");
        assert_eq!(
            j["rows"].as_array().expect("rows").len(),
            rows_of_csv(&want),
            "{path}"
        );
        let header = String::from_utf8_lossy(&want)
            .lines()
            .next()
            .unwrap()
            .to_string();
        let cols: Vec<&str> = j["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(cols.join(","), header, "{path}");
    }

    // entities: both tables of `dateline entities --by year`.
    let dir = tmp.path().join("ent");
    let o = harness::run(["entities", c, "--by", "year", "-q", "-o", s(&dir)]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    for (table, file) in [
        ("entity_counts", "entity_counts.csv"),
        ("co_mentions", "co_mentions.csv"),
    ] {
        let want = std::fs::read(dir.join(file)).expect(file);
        let (status, got) = get(
            &srv,
            &format!("/api/v1/entities?by=year&table={table}&format=csv"),
        );
        assert_eq!(status, 200);
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&want),
            "{table}"
        );
    }

    // trend's volume: per period, the documents and tokens of the trend table.
    let t = json(&srv, "/api/v1/trend?q=nuclear&by=year");
    let volume = t["volume"].as_array().expect("volume");
    let rows = t["rows"].as_array().unwrap();
    assert_eq!(volume.len(), 3);
    let docs: u64 = volume.iter().map(|v| v["docs"].as_u64().unwrap()).sum();
    assert_eq!(docs, 19, "every document in one year");
    for (v, r) in volume.iter().zip(rows) {
        assert_eq!(v["period"], r["period"]);
        assert_eq!(v["tokens"], r["tokens"]);
    }
    // kwic's own sort and limit: the lines of the command line, reordered and cut.
    let all = json(&srv, "/api/v1/kwic?q=nuclear");
    let total = all["rows"].as_array().unwrap().len();
    let k = json(&srv, "/api/v1/kwic?q=nuclear&sort=right&limit=3");
    assert_eq!(k["lines_total"], total);
    let right: Vec<String> = k["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["right"].as_str().unwrap().to_lowercase())
        .collect();
    assert_eq!(right.len(), 3);
    let mut every: Vec<String> = all["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["right"].as_str().unwrap().to_lowercase())
        .collect();
    every.sort_by_key(|r| r.split_whitespace().map(str::to_string).collect::<Vec<_>>());
    assert_eq!(right, every[..3]);

    // Refusals, said as they are.
    let e = error_of(&srv, "/api/v1/trend?q=nuclear&color=red", 400);
    assert!(e.starts_with("unknown parameter `color`"), "{e}");
    let e = error_of(&srv, "/api/v1/trend?by=year", 400);
    assert!(e.starts_with("give a query"), "{e}");
    let e = error_of(&srv, "/api/v1/trend?q=nuclear&by=decade", 400);
    assert!(e.contains("not one of day, week"), "{e}");
    let e = error_of(&srv, "/api/v1/compare?a=2017&b=1990", 400);
    assert!(e.contains("corpus B holds no tokens"), "{e}");
    let e = error_of(&srv, "/api/v1/nothing", 400);
    assert!(e.starts_with("no endpoint `nothing`"), "{e}");
    let e = error_of(&srv, "/api/v2/info", 404);
    assert!(e.contains("/api/v1/"), "{e}");
    let e = error_of(&srv, "/api/v1/info?format=xml", 400);
    assert!(e.contains("not one of json, csv"), "{e}");
    error_of(&srv, "/api/v1/info?format=csv", 400);
    let (status, _, _) = request(&srv.addr, "POST", "/api/v1/info", &[]);
    assert_eq!(status, 405);
    let (status, _, body) = request(
        &srv.addr,
        "GET",
        "/api/v1/info",
        &[("Origin", "http://evil.example")],
    );
    assert_eq!(status, 403, "{}", String::from_utf8_lossy(&body));
    let own = format!("http://{}", srv.addr);
    let (status, _, _) = request(&srv.addr, "GET", "/api/v1/info", &[("Origin", &own)]);
    assert_eq!(status, 200, "its own page's origin is served");
    let (status, _, _) = request(
        &srv.addr,
        "GET",
        "/api/v1/info",
        &[("Host", "rebind.example")],
    );
    assert_eq!(status, 403, "a DNS-rebinding host is refused");

    // The page and its vendored chart library, with the licence.
    let (status, html) = get(&srv, "/");
    assert_eq!(status, 200);
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("/vendor/uPlot.iife.min.js"), "{html}");
    assert!(html.contains("/app.js"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing fetched elsewhere"
    );
    let (status, lic) = get(&srv, "/vendor/LICENSE-uPlot.txt");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&lic).contains("MIT"));
    let (status, js) = get(&srv, "/app.js");
    assert_eq!(status, 200);
    assert!(js.len() > 1000, "the page's script is there");
    error_of(&srv, "/nothing.html", 404);
}

#[test]
fn a_non_loopback_address_needs_allow_remote_and_a_bad_corpus_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let o = harness::run(["explore", "no-such.parquet", "--bind", "0.0.0.0"]);
    assert_eq!(o.code, Some(1));
    assert!(o.stderr.contains("--allow-remote"), "{}", o.stderr);
    let bad = tmp.path().join("x.parquet");
    std::fs::write(&bad, b"not parquet").unwrap();
    let o = harness::run(["explore", s(&bad)]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(o.stderr.starts_with("error: "), "{}", o.stderr);
}
