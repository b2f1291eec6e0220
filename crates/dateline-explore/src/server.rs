//! The HTTP server: the API under `/api/v1/`, the page at `/`, on loopback unless told
//! otherwise.
//!
//! Every request passes [`Guard::check`] first: a `Host` header that is not the bound address
//! or `localhost` (a DNS-rebinding page) and an `Origin` header that is not the server's own
//! (another site's script) are refused with 403. Only `GET` and `HEAD` are served; the server
//! writes no files.
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::Response;
use axum::Router;

use crate::api::{answer, API_VERSION};
use crate::{ExploreError, Explorer};

/// Which requests are served: the `Host` and `Origin` rules of the bound address.
#[derive(Debug, Clone, Copy)]
pub struct Guard {
    /// The address the server listens on.
    pub addr: SocketAddr,
}

impl Guard {
    /// True when `host` (a `Host` header: `name:port`) names this server: `localhost` (on a
    /// loopback or unspecified address) or the bound address, with its port; when bound to
    /// an unspecified address (`0.0.0.0`, `::`), any IP address with its port. A DNS name is
    /// never accepted (but `localhost`): that is what DNS rebinding needs.
    pub fn host_allowed(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let (name, port) = match host.rsplit_once(':') {
            Some((n, p)) if !p.contains(']') => (n, p.parse::<u16>().ok()),
            _ => (host.as_str(), Some(80)),
        };
        if port != Some(self.addr.port()) {
            return false;
        }
        let ip = self.addr.ip();
        if name == "localhost" {
            return ip.is_loopback() || ip.is_unspecified();
        }
        let name = name.trim_start_matches('[').trim_end_matches(']');
        match name.parse::<IpAddr>() {
            Ok(h) => h == ip || ip.is_unspecified(),
            Err(_) => false,
        }
    }

    /// Why a request with these headers is refused (`None`: served).
    pub fn check(&self, headers: &HeaderMap) -> Option<String> {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        let Some(host) = host.filter(|h| self.host_allowed(h)) else {
            return Some(format!(
                "refused: the Host header {} is not this server's address (http://{}/)",
                host.map_or_else(|| "(none)".to_string(), |h| format!("`{h}`")),
                self.addr
            ));
        };
        if let Some(origin) = headers.get(header::ORIGIN) {
            let own = format!("http://{host}");
            let ok = origin.to_str().is_ok_and(|o| o.eq_ignore_ascii_case(&own));
            if !ok {
                return Some(format!(
                    "refused: a request from another origin ({}); the explorer answers only its own page",
                    origin.to_str().unwrap_or("?")
                ));
            }
        }
        None
    }
}

/// Refuses to listen on a non-loopback address unless `allow_remote`: the corpus would be
/// readable by anyone who can reach the machine.
pub fn check_bind(ip: IpAddr, allow_remote: bool) -> Result<(), ExploreError> {
    if ip.is_loopback() || allow_remote {
        return Ok(());
    }
    Err(ExploreError::Remote(ip))
}

/// The URL a person opens for a server on `addr` (`127.0.0.1` for an unspecified address).
pub fn url_of(addr: SocketAddr) -> String {
    let ip = if addr.ip().is_unspecified() {
        IpAddr::from([127, 0, 0, 1])
    } else {
        addr.ip()
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

struct Shared {
    explorer: Explorer,
    guard: Guard,
}

/// Listens on `bind` (port 0: a free port), calls `ready` with the bound address, then serves
/// `explorer` until the process ends.
pub fn serve(
    explorer: Explorer,
    bind: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ExploreError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .map_err(|source| ExploreError::Serve {
            action: "start the server on",
            addr: bind,
            source,
        })?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .map_err(|source| ExploreError::Serve {
                action: "listen on",
                addr: bind,
                source,
            })?;
        let addr = listener
            .local_addr()
            .map_err(|source| ExploreError::Serve {
                action: "listen on",
                addr: bind,
                source,
            })?;
        let shared = Arc::new(Shared {
            explorer,
            guard: Guard { addr },
        });
        let app = Router::new().fallback(handle).with_state(shared);
        ready(addr);
        axum::serve(listener, app)
            .await
            .map_err(|source| ExploreError::Serve {
                action: "serve on",
                addr,
                source,
            })
    })
}

fn json_error(status: StatusCode, msg: &str) -> Response {
    respond(
        status,
        "application/json",
        serde_json::to_vec(&serde_json::json!({ "api": API_VERSION, "error": msg })).expect("JSON"),
    )
}

fn respond(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
        ),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Some(why) = shared.guard.check(&headers) {
        return json_error(StatusCode::FORBIDDEN, &why);
    }
    if method != Method::GET && method != Method::HEAD {
        return json_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are served",
        );
    }
    let path = uri.path();
    let Some(rest) = path.strip_prefix("/api/") else {
        return match crate::assets::asset(path) {
            Some(a) => respond(StatusCode::OK, a.content_type, a.bytes.to_vec()),
            None => json_error(StatusCode::NOT_FOUND, &format!("no page `{path}`")),
        };
    };
    let Some(endpoint) = rest.strip_prefix(&format!("{API_VERSION}/")) else {
        return json_error(
            StatusCode::NOT_FOUND,
            &format!("no API `/api/{rest}`: this server answers `/api/{API_VERSION}/…`"),
        );
    };
    let endpoint = endpoint.to_string();
    let query = uri.query().unwrap_or("").to_string();
    let csv = match form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k == "format")
        .last()
        .map(|(_, v)| v.into_owned())
        .as_deref()
    {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return json_error(
                StatusCode::BAD_REQUEST,
                &format!("`format`: `{other}` is not one of json, csv"),
            )
        }
    };
    let t = Instant::now();
    let work = {
        let shared = Arc::clone(&shared);
        let endpoint = endpoint.clone();
        tokio::task::spawn_blocking(move || answer(&shared.explorer, &endpoint, &query))
    };
    let result = match work.await {
        Ok(r) => r,
        Err(e) => return json_error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    };
    let mut r = match result {
        Err(ExploreError::BadRequest(msg)) => json_error(StatusCode::BAD_REQUEST, &msg),
        Err(e) => json_error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        Ok(a) if csv => match a.csv() {
            Some(bytes) => {
                let mut r = respond(StatusCode::OK, "text/csv; charset=utf-8", bytes);
                if let Ok(v) =
                    HeaderValue::from_str(&format!("attachment; filename=\"{endpoint}.csv\""))
                {
                    r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
                }
                r
            }
            None => json_error(
                StatusCode::BAD_REQUEST,
                &format!("`{endpoint}` has no CSV (it is no table of the command line)"),
            ),
        },
        Ok(a) => respond(StatusCode::OK, "application/json", a.json_bytes()),
    };
    if let Ok(v) = HeaderValue::from_str(&format!(
        "query;dur={:.1}",
        t.elapsed().as_secs_f64() * 1000.0
    )) {
        r.headers_mut().insert("server-timing", v);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn hosts_are_the_bound_address_or_localhost_with_its_port() {
        let g = Guard {
            addr: "127.0.0.1:8123".parse().unwrap(),
        };
        assert!(g.host_allowed("127.0.0.1:8123"));
        assert!(g.host_allowed("LOCALHOST:8123"));
        assert!(!g.host_allowed("127.0.0.1:8124"));
        assert!(!g.host_allowed("127.0.0.1"));
        assert!(!g.host_allowed("evil.example:8123"));
        assert!(!g.host_allowed("10.0.0.1:8123"));
        let any = Guard {
            addr: "0.0.0.0:80".parse().unwrap(),
        };
        assert!(any.host_allowed("10.0.0.1"));
        assert!(any.host_allowed("[::1]:80"));
        assert!(!any.host_allowed("rebind.example"));
        let v6 = Guard {
            addr: "[::1]:9000".parse().unwrap(),
        };
        assert!(v6.host_allowed("[::1]:9000"));
        assert!(v6.host_allowed("localhost:9000"));
        assert!(!v6.host_allowed("127.0.0.1:9000"));
    }

    #[test]
    fn other_origins_and_hosts_are_refused() {
        let g = Guard {
            addr: "127.0.0.1:8123".parse().unwrap(),
        };
        assert_eq!(g.check(&headers(&[("host", "127.0.0.1:8123")])), None);
        assert_eq!(
            g.check(&headers(&[
                ("host", "localhost:8123"),
                ("origin", "http://localhost:8123")
            ])),
            None
        );
        let e = g
            .check(&headers(&[
                ("host", "127.0.0.1:8123"),
                ("origin", "http://evil.example"),
            ]))
            .unwrap();
        assert!(e.contains("another origin (http://evil.example)"), "{e}");
        assert!(g
            .check(&headers(&[("host", "127.0.0.1:8123"), ("origin", "null")]))
            .is_some());
        let e = g
            .check(&headers(&[("host", "attacker.example:8123")]))
            .unwrap();
        assert!(
            e.contains("`attacker.example:8123` is not this server's address"),
            "{e}"
        );
        assert!(g.check(&HeaderMap::new()).is_some());
    }

    #[test]
    fn urls_name_loopback_for_an_unspecified_address() {
        assert_eq!(
            url_of("0.0.0.0:5000".parse().unwrap()),
            "http://127.0.0.1:5000/"
        );
        assert_eq!(url_of("[::1]:5000".parse().unwrap()), "http://[::1]:5000/");
    }
}
