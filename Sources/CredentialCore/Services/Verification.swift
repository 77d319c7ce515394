/// Who a token signs in as, from `connectionData.authenticatedUser`.
public struct Identity: Sendable, Equatable, Codable {
    public let displayName: String
    public let id: String
    /// The account's sign-in name (`properties.Account`), an e-mail address for Microsoft
    /// accounts and Entra ID users; nil when the service gave none.
    public let email: String?

    public init(displayName: String, id: String, email: String? = nil) {
        self.displayName = displayName
        self.id = id
        self.email = email
    }

    /// How to name who signed in: the display name, or the id when the service gave none.
    public var name: String { displayName.isEmpty ? id : displayName }
}

/// The answer to "does this token work for this organization?" (docs/storage.md §6).
public enum VerificationResult: Sendable, Equatable {
    /// The service accepted the token and named its owner.
    case valid(Identity)
    /// The service refused the token because its time is over (401 with an `X-TFS-ServiceError`
    /// that says so): renewing or replacing it helps, unlike a rejection.
    case expired(reason: String)
    /// The service refused the token: 401, 403, a 203 sign-in page, or the anonymous user.
    case rejected(reason: String)
    /// No answer: the name did not resolve, the connection failed or the time ran out.
    case unreachable(reason: String)
    /// An answer, but not Azure DevOps' connection data: a server error, a redirect, not JSON.
    case unexpected(reason: String, status: Int?)

    public var isValid: Bool {
        if case .valid = self { return true }
        return false
    }

    /// A short word for tables and JSON: valid, expired, rejected, unreachable, unexpected.
    public var label: String {
        switch self {
        case .valid: "valid"
        case .expired: "expired"
        case .rejected: "rejected"
        case .unreachable: "unreachable"
        case .unexpected: "unexpected"
        }
    }

    public var identity: Identity? {
        if case .valid(let identity) = self { return identity }
        return nil
    }

    public var reason: String? {
        switch self {
        case .valid: nil
        case .expired(let reason), .rejected(let reason), .unreachable(let reason),
            .unexpected(let reason, _):
            reason
        }
    }

    /// As ado-accounts.state remembers it.
    public var outcome: CheckOutcome {
        switch self {
        case .valid: .valid
        case .expired: .expired
        case .rejected: .rejected
        case .unreachable: .unreachable
        case .unexpected: .unexpected
        }
    }

    public var httpStatus: Int? {
        if case .unexpected(_, let status) = self { return status }
        return nil
    }
}

/// Checks a token against an organization. The HTTP implementation is `HTTPTokenVerifier`.
public protocol TokenVerifier: Sendable {
    func verify(_ token: PersonalAccessToken, for organization: OrganizationURL) async -> VerificationResult
}

/// Turns an HTTP exchange for `GET {organization}/_apis/connectionData` into a result.
enum ConnectionDataClassifier {
    static let anonymousUserID = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"

    struct Response {
        var status: Int
        var body: [UInt8]
        var bodyTruncated: Bool
        var redirectLocation: String?
        /// `X-TFS-ServiceError`, as sent (URL-encoded).
        var serviceError: String? = nil
    }

    static func classify(_ response: Response, bodyLimit: Int) -> VerificationResult {
        let status = response.status
        switch status {
        case 401:
            let said = response.serviceError.map(serviceErrorText)
            if let said, said.lowercased().contains("expired") {
                return .expired(reason: "HTTP 401: \(Printable.sanitized(said, limit: 160))")
            }
            return .rejected(reason: "HTTP 401: the token was not accepted")
        case 403: return .rejected(reason: "HTTP 403: the token is not allowed to sign in here")
        case 203: return .rejected(reason: "HTTP 203: the service answered with a sign-in page")
        case 300..<400:
            let target = response.redirectLocation.map { " to " + Printable.sanitized($0, limit: 120) } ?? ""
            return .unexpected(reason: "HTTP \(status): redirected\(target)", status: status)
        case 404:
            return .unexpected(
                reason: "HTTP 404: no Azure DevOps organization at this address", status: status)
        case 500..<600: return .unexpected(reason: "HTTP \(status): server error", status: status)
        case 200..<300: break
        default: return .unexpected(reason: "HTTP \(status)", status: status)
        }
        if response.bodyTruncated {
            return .unexpected(
                reason:
                    "HTTP \(status): the answer is larger than \(bodyLimit / 1024) KiB; not connection data",
                status: status)
        }
        guard let user = AuthenticatedUser.parse(response.body) else {
            return .unexpected(
                reason: "HTTP \(status): the answer is not Azure DevOps connection data", status: status)
        }
        if user.id.lowercased() == anonymousUserID {
            return .rejected(reason: "signed in anonymously: the token was not accepted")
        }
        return .valid(Identity(displayName: user.displayName, id: user.id, email: user.email))
    }

    /// The header's text: percent-decoded (`Access%20Denied%3A%20The%20Personal%20Access%20Token%20used%20has%20expired.`);
    /// bytes that do not decode stay as they are.
    static func serviceErrorText(_ encoded: String) -> String {
        var bytes: [UInt8] = []
        var input = Array(encoded.utf8)[...]
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        while let byte = input.popFirst() {
            if byte == UInt8(ascii: "%"), input.count >= 2, let high = hex(input[input.startIndex]),
                let low = hex(input[input.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                input.removeFirst(2)
            } else if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
