import CHTTPClient

/// One HTTP request over libcurl (`CHTTPClient`), with the rules every request of ado-accounts
/// keeps: the whole exchange bounded by a timeout, the body capped, redirects reported and never
/// followed (a credential header is never replayed to another host), http and https only.
struct HTTPExchange {
    struct Response {
        let status: Int
        var body: [UInt8]
        let bodyTruncated: Bool
        let redirectLocation: String?
        /// The `x-ms-continuationtoken` header (the next page of a list); nil when absent.
        var continuation: String? = nil
        /// The header was longer than the client keeps, and so cannot be followed.
        var continuationTruncated = false
        /// `X-TFS-ServiceError` as sent (URL-encoded): why Azure DevOps refused the request.
        var serviceError: String? = nil
    }

    /// Below HTTP: no answer. `reason` is one line without request headers.
    struct Failure: Error {
        let reason: String
    }

    /// libcurl reads a timeout of 0 as "none": a timeout under a millisecond would let a
    /// server that never answers hold the request forever.
    static func milliseconds(_ timeout: Duration) -> Int {
        max(
            1, Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        )
    }

    /// Sends the request; `headers` are whole header lines without a terminator. Blocking.
    static func perform(
        method: String, url: String, headers: [[UInt8]], body: [UInt8]?, timeoutMilliseconds: Int,
        limit: Int
    ) -> Result<Response, Failure> {
        // NUL-terminated copies, not wiped: copies of a token's String, which outlives them (see
        // PersonalAccessToken); libcurl's own copies are wiped before they are freed.
        let terminated = headers.map { $0 + [0] }
        var response = ado_http_response()
        func send(_ pointers: [UnsafePointer<CChar>?]) {
            var list = pointers
            list.withUnsafeMutableBufferPointer { list in
                if let body {
                    body.withUnsafeBufferPointer { bytes in
                        ado_http_request(
                            method, url, list.baseAddress, list.count, bytes.baseAddress, bytes.count,
                            timeoutMilliseconds, limit, &response)
                    }
                } else {
                    ado_http_request(
                        method, url, list.baseAddress, list.count, nil, 0, timeoutMilliseconds, limit,
                        &response)
                }
            }
        }
        withPointers(terminated[...], collected: [], then: send)
        defer { ado_http_response_free(&response) }

        if response.failure != ADO_HTTP_OK { return .failure(Failure(reason: describe(response))) }
        let bytes =
            response.body.map { Array(UnsafeBufferPointer(start: $0, count: response.body_length)) } ?? []
        let location = withUnsafeBytes(of: response.redirect_location) {
            String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
        let serviceError = withUnsafeBytes(of: response.service_error) {
            String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
        let continuation = withUnsafeBytes(of: response.continuation) {
            String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
        return .success(
            Response(
                status: response.status, body: bytes, bodyTruncated: response.body_truncated != 0,
                redirectLocation: location.isEmpty ? nil : location,
                continuation: continuation.isEmpty ? nil : continuation,
                continuationTruncated: response.continuation_truncated != 0,
                serviceError: serviceError.isEmpty ? nil : serviceError))
    }

    /// `Authorization: Basic base64(":" + PAT)`, as az sends a PAT (docs/storage.md §6).
    static func basicAuthorization(_ token: PersonalAccessToken) -> [UInt8] {
        // Not wiped: copies of the token's String, which outlives them (see PersonalAccessToken).
        let credential = Array((":" + token.revealed).utf8)
        var authorization = Array("Authorization: Basic ".utf8)
        Base64.append(credential, to: &authorization)
        return authorization
    }

    /// Pointers to each header's bytes, valid while `then` runs.
    private static func withPointers(
        _ rest: ArraySlice<[UInt8]>, collected: [UnsafePointer<CChar>?],
        then body: ([UnsafePointer<CChar>?]) -> Void
    ) {
        guard let first = rest.first else { return body(collected) }
        first.withUnsafeBufferPointer { bytes in
            let pointer = UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self)
            withPointers(rest.dropFirst(), collected: collected + [pointer], then: body)
        }
    }

    private static func describe(_ response: ado_http_response) -> String {
        let detail = withUnsafeBytes(of: response.reason) {
            String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
        let reason = Printable.sanitized(detail, limit: 160)
        switch response.failure {
        case ADO_HTTP_TIMEOUT: return "timed out (\(reason))"
        case ADO_HTTP_RESOLVE: return "could not resolve the host (\(reason))"
        case ADO_HTTP_CONNECT: return "could not connect (\(reason))"
        case ADO_HTTP_TLS: return "TLS failed (\(reason))"
        case ADO_HTTP_RESET: return "the connection was reset (\(reason))"
        default: return reason
        }
    }
}
