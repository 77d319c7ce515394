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
        let timeoutMilliseconds = HTTPExchange.milliseconds(timeout)
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
        let headers = [
            HTTPExchange.basicAuthorization(token),
            Array("Accept: application/json;api-version=5.0-preview.1".utf8),
            Array("X-TFS-FedAuthRedirect: Suppress".utf8),
        ]
        switch HTTPExchange.perform(
            method: "GET", url: url, headers: headers, body: nil, timeoutMilliseconds: timeoutMilliseconds,
            limit: limit)
        {
        case .failure(let failure):
            return .unreachable(reason: failure.reason)
        case .success(let response):
            return ConnectionDataClassifier.classify(
                .init(
                    status: response.status, body: response.body, bodyTruncated: response.bodyTruncated,
                    redirectLocation: response.redirectLocation, serviceError: response.serviceError),
                bodyLimit: limit)
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
