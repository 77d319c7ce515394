#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Azure DevOps' PAT lifecycle API (`_apis/tokens/pats`, api-version 7.1-preview.1): the five
/// operations, each authorized by an Entra token (`Authorization: Bearer`), never by a PAT.
/// The HTTP implementation is `HTTPPATLifecycle`; tests run it against a local service.
public protocol PATLifecycle: Sendable {
    /// The user's active PATs that cover this organization, every page.
    func list(_ organization: OrganizationURL, bearer: PersonalAccessToken) async throws(PATServiceError)
        -> [ServiceTokenInfo]
    func get(_ organization: OrganizationURL, bearer: PersonalAccessToken, authorizationID: String)
        async throws(PATServiceError) -> ServiceTokenInfo
    /// The new token's value is in the answer only here.
    func create(_ organization: OrganizationURL, bearer: PersonalAccessToken, request: PATRequest)
        async throws(PATServiceError) -> CreatedPAT
    /// Changes name, scope or expiry; the token itself stays the same.
    func update(
        _ organization: OrganizationURL, bearer: PersonalAccessToken, authorizationID: String,
        request: PATRequest
    ) async throws(PATServiceError) -> ServiceTokenInfo
    func revoke(_ organization: OrganizationURL, bearer: PersonalAccessToken, authorizationID: String)
        async throws(PATServiceError)
}

/// What a PAT is asked to be: the API's create and update bodies.
public struct PATRequest: Sendable, Equatable {
    public var displayName: String
    /// Space-separated scopes (`vso.code_write vso.work`); `app_token` is full access.
    public var scope: String
    public var validTo: Date
    /// For every organization of the user (a global PAT, retired on 2026-12-01) instead of this one.
    public var allOrganizations: Bool

    public init(displayName: String, scope: String, validTo: Date, allOrganizations: Bool = false) {
        self.displayName = displayName
        self.scope = scope
        self.validTo = validTo
        self.allOrganizations = allOrganizations
    }
}

/// A PAT the service just made, with its value.
public struct CreatedPAT: Sendable {
    public let info: ServiceTokenInfo
    public let token: PersonalAccessToken
}

/// How an operation of the lifecycle API failed.
public enum PATServiceError: Error, Sendable, Equatable {
    /// 401, or a 203 sign-in page: the Entra token is not accepted here (expired, another tenant).
    case signInRefused(status: Int)
    /// The API's own refusal (`patTokenError`: a policy, an invalid scope, access denied, …).
    case refused(PATTokenError, status: Int)
    /// 403 without a `patTokenError`.
    case forbidden
    /// No answer.
    case unreachable(String)
    /// An answer, but not the API's (a server error, a redirect, not JSON).
    case unexpected(String)
}

/// The API's `patTokenError` (SessionTokenError), as it spells it; `other` for a value this
/// version does not know.
public struct PATTokenError: RawRepresentable, Sendable, Equatable, Hashable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let none = PATTokenError(rawValue: "none")
    /// Every value the API documents besides `none`.
    public static let documented: [String] = [
        "displayNameRequired", "invalidDisplayName", "invalidValidTo", "invalidScope", "userIdRequired",
        "invalidUserId", "invalidUserType", "accessDenied", "failedToIssueAccessToken", "invalidClient",
        "invalidClientType", "invalidClientId", "invalidTargetAccounts", "hostAuthorizationNotFound",
        "authorizationNotFound", "failedToUpdateAccessToken", "sourceNotSupported", "invalidSourceIP",
        "invalidSource", "duplicateHash", "sshPolicyDisabled", "invalidToken", "tokenNotFound",
        "invalidAuthorizationId", "failedToReadTenantPolicy", "globalPatPolicyViolation",
        "fullScopePatPolicyViolation", "patLifespanPolicyViolation", "invalidTokenType", "invalidAudience",
        "invalidSubject", "deploymentHostNotSupported",
    ]

    /// The token the service names no longer exists there (revoked or expired long ago).
    public var meansGone: Bool {
        ["tokenNotFound", "authorizationNotFound", "hostAuthorizationNotFound"].contains(rawValue)
    }
}

/// The day global PATs (valid for all of a user's organizations) stopped working.
public let globalPATRetirement = "2026-12-01"

extension OrganizationURL {
    /// Where the PAT lifecycle API of this organization lives: `vssps.dev.azure.com/{org}` for
    /// `dev.azure.com/{org}`, `{org}.vssps.visualstudio.com` for `{org}.visualstudio.com`, as
    /// the API reference documents; any other organization's own base URL (a server, a test).
    public var patLifecycleBaseURL: String {
        let parts = self.parts
        let host = parts.host.ascii
        if parts.isAzureDevOpsServices {
            if parts.isVisualStudioHost {
                let account = host.split(separator: ".").first.map(String.init) ?? host
                return "https://\(account).vssps.visualstudio.com"
            }
            let segment = parts.firstPathSegment.map { PythonLowercase.lower($0) } ?? ""
            return "https://vssps.dev.azure.com/" + Self.percentEncoded(segment)
        }
        return String(connectionDataURL.dropLast("/_apis/connectionData".count))
    }
}

extension ServiceTokenInfo {
    /// `YYYY-MM-DD` of the expiry, as people are told it; "unknown" when the service gave none.
    public var expiryDay: String { validTo.map { String(Timestamp.format($0).prefix(10)) } ?? "unknown" }
    public var validFromDay: String { validFrom.map { String(Timestamp.format($0).prefix(10)) } ?? "" }
}
