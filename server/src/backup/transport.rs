//! The S3 client (`object_store`) over the reqwest 0.12 client the app already builds: the
//! crate's own transport is reqwest 0.13 with aws-lc, a second HTTP and TLS stack to compile
//! for one request a day. object_store signs, retries and parses; this only moves bytes.

use http_body_util::BodyExt;
use object_store::client::{
    ClientOptions, HttpClient, HttpConnector, HttpError, HttpErrorKind, HttpRequest, HttpResponse,
    HttpResponseBody, HttpService,
};

#[derive(Debug, Default)]
pub struct Reqwest;

impl HttpConnector for Reqwest {
    fn connect(&self, _options: &ClientOptions) -> object_store::Result<HttpClient> {
        Ok(HttpClient::new(Transport(reqwest::Client::new())))
    }
}

#[derive(Debug)]
struct Transport(reqwest::Client);

#[async_trait::async_trait]
impl HttpService for Transport {
    async fn call(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        let (parts, body) = request.into_parts();
        let url = parts
            .uri
            .to_string()
            .parse()
            .map_err(|error| HttpError::new(HttpErrorKind::Request, error))?;
        let mut outgoing = reqwest::Request::new(parts.method, url);
        *outgoing.headers_mut() = parts.headers;
        *outgoing.body_mut() = Some(reqwest::Body::wrap(body));
        let response: http::Response<reqwest::Body> = self.0.execute(outgoing).await.map_err(failure)?.into();
        let (parts, body) = response.into_parts();
        Ok(HttpResponse::from_parts(
            parts,
            HttpResponseBody::new(body.map_err(failure)),
        ))
    }
}

/// The kinds object_store's retries go by.
fn failure(error: reqwest::Error) -> HttpError {
    let kind = if error.is_timeout() {
        HttpErrorKind::Timeout
    } else if error.is_connect() {
        HttpErrorKind::Connect
    } else if error.is_body() || error.is_decode() {
        HttpErrorKind::Decode
    } else if error.is_request() {
        HttpErrorKind::Request
    } else {
        HttpErrorKind::Unknown
    };
    HttpError::new(kind, error)
}
