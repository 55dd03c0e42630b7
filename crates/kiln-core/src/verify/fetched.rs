//! What the caller's fetcher answered for one URL: the one type the
//! options, the pinned documents and the online checks share.

/// What the caller got for one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fetched {
    /// An HTTP response (any status; the check decides what a 404 or 410 means).
    Response {
        /// HTTP status code.
        status: u16,
        /// The `Content-Type` header, if any.
        content_type: Option<String>,
        /// The body, already bounded by the caller to `Limits::max_input_bytes`.
        body: Vec<u8>,
    },
    /// The request failed (network error, refused URL, too large), with the reason.
    Failed(String),
}

impl Fetched {
    /// A 200 response with this body.
    pub fn ok(body: impl Into<Vec<u8>>) -> Self {
        Fetched::Response {
            status: 200,
            content_type: None,
            body: body.into(),
        }
    }
}
