//! `dateline explore`: a local web explorer of a corpus table.
//!
//! The corpus and its index are loaded once ([`Explorer::load`]): every document and its
//! token streams stay in memory. Each query then runs the accumulators of the command line
//! (`trend`, `kwic`, `cooccur`, `entities`, `compare`) over them in one pass
//! ([`dateline_analytics::pass::run_indexed_pass`]) and builds its table with the command
//! line's table builders, so that an answer's CSV is byte for byte the file the command writes
//! ([`api`]). [`server`] serves that API under `/api/v1/` and one page on loopback, refusing
//! other origins and hosts.
//!
//! ```
//! use dateline_explore::api::Params;
//!
//! let p = Params::parse("q=nuclear*&q=Russia&by=year", &["q", "by"]).unwrap();
//! assert_eq!(p.all("q"), vec!["nuclear*", "Russia"]);
//! assert_eq!(p.get("by"), Some("year"));
//! assert!(Params::parse("color=red", &["q"]).is_err());
//! ```
#![warn(missing_docs)]

pub mod api;
mod assets;
mod corpus;
pub mod server;

pub use corpus::Explorer;

/// What can go wrong loading a corpus or answering a query.
#[derive(Debug, thiserror::Error)]
pub enum ExploreError {
    /// The request is wrong (a bad query, option or range): HTTP 400, said as it is.
    #[error("{0}")]
    BadRequest(String),
    /// The corpus or its index cannot be read.
    #[error(transparent)]
    Tables(#[from] dateline_tables::TablesError),
    /// The entity lists cannot be read.
    #[error(transparent)]
    Lists(#[from] dateline_entities::ListFileError),
    /// A non-loopback address without `--allow-remote` ([`server::check_bind`]).
    #[error(
        "`--bind {0}` would let anyone who reaches this machine read the corpus; \
         add `--allow-remote` if that is meant (or keep the default 127.0.0.1)"
    )]
    Remote(std::net::IpAddr),
    /// The server cannot listen or serve.
    #[error("cannot {action} {addr}")]
    Serve {
        /// `listen on` or `serve on`.
        action: &'static str,
        /// The address.
        addr: std::net::SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl ExploreError {
    /// A [`ExploreError::BadRequest`] with this message.
    pub fn bad(msg: impl Into<String>) -> Self {
        ExploreError::BadRequest(msg.into())
    }
}
