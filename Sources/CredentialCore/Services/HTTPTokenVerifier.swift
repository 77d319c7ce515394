import CHTTPClient

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Verifies a PAT with `GET {organization}/_apis/connectionData` (docs/storage.md §6), over libcurl.
///
/// The timeout bounds the whole exchange, so a server that drips one byte a second cannot hold
/// a check longer than it; bodies are capped; redirects are reported and never followed, so the
/// token is never sent anywhere but the organization's own address.
public struct HTTPTokenVerifier: TokenVerifier {
    public var timeout: Duration
    public var maximumBodySize: Int

    public init(timeout: Duration = .seconds(10), maximumBodySize: Int = 256 * 1024) {
        self.timeout = timeout
        self.maximumBodySize = maximumBodySize
    }

    public func verify(_ token: PersonalAccessToken, for organization: OrganizationURL) async
        -> VerificationResult
    {
        let url = organization.connectionDataURL
        // libcurl reads a timeout of 0 as "none": a timeout under a millisecond would let a
        // server that never answers hold the check forever.
        let timeoutMilliseconds = max(
            1,
            Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000))
        let limit = maximumBodySize
        return await Blocking.run {
            Self.exchange(url: url, token: token, timeoutMilliseconds: timeoutMilliseconds, limit: limit)
        }
    }

    private static func exchange(
        url: String, token: PersonalAccessToken, timeoutMilliseconds: Int, limit: Int
    )
        -> VerificationResult
    {
        // Not wiped: copies of the token's String, which outlives them (see PersonalAccessToken).
        let credential = Array((":" + token.revealed).utf8)
        var authorization = Array("Authorization: Basic ".utf8)
        Base64.append(credential, to: &authorization)
        authorization.append(0)
        let accept = "Accept: application/json;api-version=5.0-preview.1"
        let suppress = "X-TFS-FedAuthRedirect: Suppress"

        var response = ado_http_response()
        authorization.withUnsafeBufferPointer { authorizationBytes in
            accept.withCString { acceptPointer in
                suppress.withCString { suppressPointer in
                    let authorizationPointer = UnsafeRawPointer(authorizationBytes.baseAddress!)
                        .assumingMemoryBound(to: CChar.self)
                    var headers: [UnsafePointer<CChar>?] = [
                        authorizationPointer, acceptPointer, suppressPointer,
                    ]
                    headers.withUnsafeMutableBufferPointer { list in
                        ado_http_get(url, list.baseAddress, list.count, timeoutMilliseconds, limit, &response)
                    }
                }
            }
        }
        defer { ado_http_response_free(&response) }

        if response.failure != ADO_HTTP_OK {
            return .unreachable(reason: describe(response))
        }
        let body =
            response.body.map { Array(UnsafeBufferPointer(start: $0, count: response.body_length)) } ?? []
        let location = withUnsafeBytes(of: response.redirect_location) {
            String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
        let serviceError = withUnsafeBytes(of: response.service_error) {
            String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        }
        return ConnectionDataClassifier.classify(
            .init(
                status: response.status, body: body, bodyTruncated: response.body_truncated != 0,
                redirectLocation: location.isEmpty ? nil : location,
                serviceError: serviceError.isEmpty ? nil : serviceError),
            bodyLimit: limit)
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

/// Standard base64 over bytes (Foundation's costs every command its start-up).
enum Base64 {
    private static let alphabet = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Appends the encoding of `input` to `output`.
    static func append(_ input: borrowing [UInt8], to output: inout [UInt8]) {
        var index = 0
        while index < input.count {
            let available = min(3, input.count - index)
            var chunk = UInt32(input[index]) << 16
            if available > 1 { chunk |= UInt32(input[index + 1]) << 8 }
            if available > 2 { chunk |= UInt32(input[index + 2]) }
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            output.append(available > 1 ? alphabet[Int(chunk >> 6 & 63)] : UInt8(ascii: "="))
            output.append(available > 2 ? alphabet[Int(chunk & 63)] : UInt8(ascii: "="))
            index += 3
        }
    }
}
