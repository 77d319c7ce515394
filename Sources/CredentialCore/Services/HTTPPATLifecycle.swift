#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `PATLifecycle` over HTTP (libcurl, `HTTPExchange`): JSON bodies, the Entra token as a Bearer
/// header, every page of a list followed by its continuation token (a bounded number of pages).
public struct HTTPPATLifecycle: PATLifecycle {
    public static let apiVersion = "7.1-preview.1"
    public var timeout: Duration
    public var maximumBodySize: Int
    /// A user has few PATs; a service that keeps answering with a continuation token is stopped.
    public var maximumPages = 100

    public init(timeout: Duration = .seconds(30), maximumBodySize: Int = 1024 * 1024) {
        self.timeout = timeout
        self.maximumBodySize = maximumBodySize
    }

    private struct Wire: Codable {
        var authorizationId: String?
        var displayName: String?
        var scope: String?
        var validFrom: String?
        var validTo: String?
        var targetAccounts: [String]?
        var token: String?

        var info: ServiceTokenInfo? {
            guard let authorizationId, !authorizationId.isEmpty else { return nil }
            return ServiceTokenInfo(
                authorizationID: authorizationId, name: displayName, scope: scope,
                validFrom: validFrom.flatMap(Timestamp.parse), validTo: validTo.flatMap(Timestamp.parse),
                targetAccounts: targetAccounts.flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    private struct Result: Decodable {
        var patToken: Wire?
        var patTokenError: String?
    }

    private struct Page: Decodable {
        var continuationToken: String?
        var patTokens: [Wire]?
    }

    private struct Body: Encodable {
        var authorizationId: String?
        var displayName: String
        var scope: String
        var validTo: String
        var allOrgs: Bool
    }

    public func list(_ organization: OrganizationURL, bearer: PersonalAccessToken)
        async throws(PATServiceError)
        -> [ServiceTokenInfo]
    {
        var tokens: [ServiceTokenInfo] = []
        var continuation: String?
        var seen = Set<String>()
        for _ in 0..<maximumPages {
            var query = "displayFilterOption=active&sortByOption=displayName&isSortAscending=true"
            if let continuation { query += "&continuationToken=" + Self.queryEncoded(continuation) }
            var body = try await send("GET", organization, query: query, bearer: bearer, body: nil)
            defer { SecureFile.wipe(&body) }
            guard let page = try? JSONDecoder().decode(Page.self, from: Data(body)) else {
                // The refusal is the service's text: worded (or quoted inert) as every refusal is.
                if let refusal = Self.refusalIfAny(body), refusal != PATTokenError.none.rawValue {
                    throw .refused(PATTokenError(rawValue: refusal), status: 200)
                }
                throw .unexpected("the list of tokens is not the API's JSON")
            }
            tokens += (page.patTokens ?? []).compactMap(\.info)
            guard let next = page.continuationToken, !next.isEmpty else { return tokens }
            // A token seen before is a loop (A, B, A, …), which would be asked until the bound.
            guard seen.insert(next).inserted else {
                throw .unexpected("the service gave the same continuation token twice")
            }
            continuation = next
        }
        throw .unexpected("the service kept answering with more pages after \(maximumPages)")
    }

    public func get(_ organization: OrganizationURL, bearer: PersonalAccessToken, authorizationID: String)
        async throws(PATServiceError) -> ServiceTokenInfo
    {
        var body = try await send(
            "GET", organization, query: "authorizationId=" + Self.queryEncoded(authorizationID),
            bearer: bearer,
            body: nil)
        defer { SecureFile.wipe(&body) }
        return try Self.result(body).info
    }

    public func create(_ organization: OrganizationURL, bearer: PersonalAccessToken, request: PATRequest)
        async throws(PATServiceError) -> CreatedPAT
    {
        var body = try await send(
            "POST", organization, query: nil, bearer: bearer, body: Self.encode(request, authorizationID: nil)
        )
        defer { SecureFile.wipe(&body) }
        let (info, token) = try Self.result(body)
        guard let token, let value = try? PersonalAccessToken(token) else {
            throw .unexpected("the service created a token but did not send it")
        }
        return CreatedPAT(info: info, token: value)
    }

    public func update(
        _ organization: OrganizationURL, bearer: PersonalAccessToken, authorizationID: String,
        request: PATRequest
    ) async throws(PATServiceError) -> ServiceTokenInfo {
        var body = try await send(
            "PUT", organization, query: nil, bearer: bearer,
            body: Self.encode(request, authorizationID: authorizationID))
        defer { SecureFile.wipe(&body) }
        return try Self.result(body).info
    }

    public func revoke(_ organization: OrganizationURL, bearer: PersonalAccessToken, authorizationID: String)
        async throws(PATServiceError)
    {
        var body = try await send(
            "DELETE", organization, query: "authorizationId=" + Self.queryEncoded(authorizationID),
            bearer: bearer, body: nil)
        SecureFile.wipe(&body)
    }

    // MARK: - The exchange

    private static func encode(_ request: PATRequest, authorizationID: String?) -> [UInt8] {
        let body = Body(
            authorizationId: authorizationID, displayName: request.displayName, scope: request.scope,
            validTo: Timestamp.format(request.validTo), allOrgs: request.allOrganizations)
        return (try? Array(JSONEncoder().encode(body))) ?? []
    }

    /// The answer's PatTokenResult: its token's entry and value, or the refusal it names.
    private static func result(_ body: [UInt8]) throws(PATServiceError) -> (
        info: ServiceTokenInfo, token: String?
    ) {
        guard let result = try? JSONDecoder().decode(Result.self, from: Data(body)) else {
            throw .unexpected("the answer is not the API's JSON")
        }
        if let error = result.patTokenError, error != PATTokenError.none.rawValue {
            throw .refused(PATTokenError(rawValue: error), status: 200)
        }
        guard let info = result.patToken?.info else {
            throw .unexpected("the answer names no token")
        }
        return (info, result.patToken?.token)
    }

    /// A `patTokenError` other than none in a body, when there is one.
    private static func refusalIfAny(_ body: [UInt8]) -> String? {
        (try? JSONDecoder().decode(Result.self, from: Data(body)))?.patTokenError
    }

    /// The body of a 2xx answer; every other answer becomes the error it means.
    private func send(
        _ method: String, _ organization: OrganizationURL, query: String?, bearer: PersonalAccessToken,
        body: [UInt8]?
    ) async throws(PATServiceError) -> [UInt8] {
        let url =
            organization.patLifecycleBaseURL + "/_apis/tokens/pats?" + (query.map { $0 + "&" } ?? "")
            + "api-version=" + Self.apiVersion
        var headers = [
            Array("Authorization: Bearer \(bearer.revealed)".utf8),
            Array("Accept: application/json".utf8),
            Array("X-TFS-FedAuthRedirect: Suppress".utf8),
        ]
        if body != nil { headers.append(Array("Content-Type: application/json".utf8)) }
        let milliseconds = HTTPExchange.milliseconds(timeout)
        let limit = maximumBodySize
        let outcome = await Blocking.run { [headers] in
            HTTPExchange.perform(
                method: method, url: url, headers: headers, body: body, timeoutMilliseconds: milliseconds,
                limit: limit)
        }
        switch outcome {
        case .failure(let failure):
            throw .unreachable(failure.reason)
        case .success(var response):
            if response.bodyTruncated {
                throw .unexpected("the answer is larger than \(limit / 1024) KiB")
            }
            let error = Self.refusalIfAny(response.body).flatMap {
                $0 == PATTokenError.none.rawValue ? nil : PATTokenError(rawValue: $0)
            }
            switch response.status {
            case 200, 201, 204:
                return response.body
            case 203, 401:
                SecureFile.wipe(&response.body)
                throw .signInRefused(status: response.status)
            case 300..<400:
                throw .unexpected(
                    "it answered \(response.status), a redirect to \(Printable.sanitized(response.redirectLocation ?? "nowhere", limit: 120)), which is not followed"
                )
            default:
                if let error { throw .refused(error, status: response.status) }
                if response.status == 403 { throw .forbidden }
                throw .unexpected("it answered HTTP \(response.status)")
            }
        }
    }

    private static func queryEncoded(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~".utf8)
        var result = ""
        for byte in text.utf8 {
            if allowed.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".utf8)
                result +=
                    "%" + String(UnicodeScalar(hex[Int(byte >> 4)]))
                    + String(UnicodeScalar(hex[Int(byte & 15)]))
            }
        }
        return result
    }
}
