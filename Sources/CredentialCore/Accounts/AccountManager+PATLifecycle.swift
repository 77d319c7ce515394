#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The PAT lifecycle (`pat` commands): tokens made, renewed, rotated and revoked through the
/// service's API, authorized by the Azure CLI sign-in, stored where `login` stores them.
///
/// A stored token's service entry (its authorization id) is known only when ado-accounts made
/// it or the person linked it (`linkPAT`); renewing, rotating and revoking act on that entry
/// alone, never on a guess.
extension AccountManager {
    /// Scopes for az devops' everyday commands when none are asked for: projects and teams, repos
    /// and pull requests, work items, and running pipelines (docs: README "PAT lifecycle").
    public static let defaultPATScopes = [
        "vso.project", "vso.code_write", "vso.work_write", "vso.build_execute",
    ]
    public static let defaultPATDays = 30
    /// The API refuses more than a year.
    public static let maximumPATDays = 365

    public struct PATListing: Sendable {
        public let organization: OrganizationURL
        public let tokens: [ServiceTokenInfo]
        /// The entry of the token stored here for the organization, when it is known.
        public let storedAuthorizationID: String?
    }

    public struct PATChange: Sendable {
        public let organization: OrganizationURL
        public let token: ServiceTokenInfo
        /// Who the new token signed in as at its check.
        public let identity: Identity?
        public let store: StoreDescription?
        /// The token it replaced, revoked at the service (rotate).
        public let revoked: ServiceTokenInfo?
        public let warnings: [String]
    }

    /// The organization a `pat` command acts on: the one given, else the default.
    public func patOrganization(_ given: OrganizationURL?) throws(CredentialError) -> OrganizationURL {
        if let given { return given }
        if let fallback = try defaultOrganization() { return fallback }
        throw .invalidInput(
            "No organization was named, and there is no default organization.", hint: .nameOrganization)
    }

    /// The service entry of the token stored for the organization, as remembered.
    public func linkedPAT(_ organization: OrganizationURL) -> ServiceTokenInfo? {
        memory()[credential: organization.key].token
    }

    public func listPATs(organization given: OrganizationURL?) async throws(CredentialError) -> PATListing {
        let organization = try patOrganization(given)
        var session = try patSession(organization)
        let tokens = try await session.call("listing tokens") { (service, bearer) throws(PATServiceError) in
            try await service.list(organization, bearer: bearer)
        }
        return PATListing(
            organization: organization, tokens: tokens,
            storedAuthorizationID: linkedPAT(organization)?.authorizationID)
    }

    /// Creates an organization-scoped PAT and stores it as `login` would (checked first).
    public func createPAT(
        organization given: OrganizationURL?, name: String?, scopes: [String], days: Int?
    ) async throws(CredentialError) -> PATChange {
        let organization = try patOrganization(given)
        let request = PATRequest(
            displayName: try Self.patName(name, organization: organization, now: now()),
            scope: try Self.patScope(scopes), validTo: try expiry(days: days ?? Self.defaultPATDays))
        var session = try patSession(organization)
        let replaced = linkedPAT(organization)
        let created = try await session.call("creating a token") {
            (service, bearer) throws(PATServiceError) in
            try await service.create(organization, bearer: bearer, request: request)
        }
        CrashPoint.reach("pat.create.created")
        let login = try await storeCreated(created, organization: organization, session: &session)
        var warnings = login.warnings
        if let replaced {
            warnings.append(
                "The token it replaced here, \(Self.named(replaced)), is still valid at the service until \(replaced.expiryDay); revoke it in the organization's settings if nothing else uses it."
            )
        }
        return PATChange(
            organization: organization, token: created.info, identity: login.identity, store: login.store,
            revoked: nil, warnings: warnings)
    }

    /// Extends the stored PAT's expiry; the token itself does not change.
    public func renewPAT(organization given: OrganizationURL?, days: Int?) async throws(CredentialError)
        -> ServiceTokenInfo
    {
        let organization = try patOrganization(given)
        let linked = try requireLinkedPAT(organization, toDo: "renew")
        let validTo = try expiry(days: days ?? Self.lifespanDays(of: linked))
        var session = try patSession(organization)
        let current = try await session.entry(of: linked)
        let request = PATRequest(
            displayName: current.name ?? linked.name ?? "", scope: current.scope ?? linked.scope ?? "",
            // Never for all organizations: global PATs stopped working, and an answer without
            // `targetAccounts` would otherwise widen an organization's PAT.
            validTo: validTo, allOrganizations: false)
        let renewed = try await session.call("renewing the token") {
            (service, bearer) throws(PATServiceError) in
            try await service.update(
                organization, bearer: bearer, authorizationID: linked.authorizationID, request: request)
        }
        try remember { memory in
            var record = memory[credential: organization.key]
            // Only if the link is still the one renewed: a login in between replaced the token.
            if record.token?.authorizationID == linked.authorizationID {
                record.token = renewed
                memory[credential: organization.key] = record
            }
        }
        return renewed
    }

    /// Makes a new PAT like the stored one (name, scope; for this organization, since global PATs
    /// no longer work), stores and checks it,
    /// and only then revokes the old one: killed at any step, a working token stays stored.
    public func rotatePAT(organization given: OrganizationURL?, days: Int?) async throws(CredentialError)
        -> PATChange
    {
        let organization = try patOrganization(given)
        let linked = try requireLinkedPAT(organization, toDo: "rotate")
        var session = try patSession(organization)
        let old = try await session.entry(of: linked)
        let request = PATRequest(
            displayName: old.name ?? linked.name ?? "ado-accounts", scope: old.scope ?? linked.scope ?? "",
            validTo: try expiry(days: days ?? Self.lifespanDays(of: old)),
            allOrganizations: false)
        let created = try await session.call("creating the new token") {
            (service, bearer) throws(PATServiceError) in
            try await service.create(organization, bearer: bearer, request: request)
        }
        CrashPoint.reach("pat.rotate.created")
        let login = try await storeCreated(created, organization: organization, session: &session)
        CrashPoint.reach("pat.rotate.stored")
        var warnings = login.warnings
        var revoked: ServiceTokenInfo? = old
        do {
            try await session.call("revoking the old token") { (service, bearer) throws(PATServiceError) in
                try await service.revoke(organization, bearer: bearer, authorizationID: old.authorizationID)
            }
            CrashPoint.reach("pat.rotate.revoked")
        } catch {
            revoked = nil
            warnings.append(
                "The new token is stored and works, but the old one, \(Self.named(old)), could not be revoked: \(error.message) It stays valid until \(old.expiryDay); revoke it in the organization's settings."
            )
        }
        return PATChange(
            organization: organization, token: created.info, identity: login.identity, store: login.store,
            revoked: revoked, warnings: warnings)
    }

    /// Revokes the stored PAT at the service, then removes it here.
    public func revokePAT(organization given: OrganizationURL?) async throws(CredentialError)
        -> (token: ServiceTokenInfo, logout: LogoutResult, alreadyGone: Bool)
    {
        let organization = try patOrganization(given)
        let linked = try requireLinkedPAT(organization, toDo: "revoke")
        var session = try patSession(organization)
        var alreadyGone = false
        do {
            try await session.call("revoking the token") { (service, bearer) throws(PATServiceError) in
                try await service.revoke(
                    organization, bearer: bearer, authorizationID: linked.authorizationID)
            }
        } catch let error where error.kind == .rejected && session.lastRefusal?.meansGone == true {
            alreadyGone = true
        }
        CrashPoint.reach("pat.revoke.revoked")
        let result = try logout([organization.key])
        return (linked, result, alreadyGone)
    }

    /// Tells ado-accounts which service entry the stored token is: by its authorization id, or
    /// by a name exactly one active PAT has. Anything else is refused with the candidates.
    public func linkPAT(organization given: OrganizationURL?, name: String?, authorizationID: String?)
        async throws(CredentialError) -> ServiceTokenInfo
    {
        let organization = try patOrganization(given)
        guard try resolveToken(forKey: organization.key) else {
            throw .notFound(
                "No token is stored for \(organization.displayName): nothing to link. `ado-accounts pat create` makes and stores one."
            )
        }
        var session = try patSession(organization)
        let entry: ServiceTokenInfo
        if let authorizationID {
            entry = try await session.entry(authorizationID: authorizationID, "reading the token's entry")
        } else if let name {
            let tokens = try await session.call("listing tokens") {
                (service, bearer) throws(PATServiceError) in
                try await service.list(organization, bearer: bearer)
            }
            let matches = tokens.filter { $0.name == name }
            guard matches.count == 1 else {
                let candidates = (matches.isEmpty ? tokens : matches).prefix(10).map(Self.named)
                let list = candidates.isEmpty ? "" : " Active tokens: \(candidates.joined(separator: "; "))."
                throw .init(
                    matches.isEmpty ? .notFound : .invalidInput,
                    (matches.isEmpty
                        ? "No active token of \(organization.displayName) is named \(Printable.quoted(name))."
                        : "\(matches.count) active tokens are named \(Printable.quoted(name)).")
                        + list, hint: matches.isEmpty ? nil : .linkByID)
            }
            entry = matches[0]
        } else {
            throw .invalidInput("Which token to link was not said.", hint: .nameTokenToLink)
        }
        let fingerprint = try storedToken(forKey: organization.key)?.fingerprint
        try remember { memory in
            memory[credential: organization.key].token = entry
            memory[credential: organization.key].tokenFingerprint = fingerprint
        }
        return entry
    }

    // MARK: - Rules

    private func requireLinkedPAT(_ organization: OrganizationURL, toDo verb: String) throws(CredentialError)
        -> ServiceTokenInfo
    {
        guard try resolveToken(forKey: organization.key) else {
            throw .notFound("No token is stored for \(organization.displayName): nothing to \(verb).")
        }
        guard let linked = linkedPAT(organization) else {
            throw .notFound(
                "ado-accounts does not know which of your PATs is the one stored for \(organization.displayName), so it will not \(verb) one.",
                hint: .linkStoredToken(organization: Printable.sanitized(organization.canonicalURL)))
        }
        // The link names the token that was stored when it was made; one az (or anything else)
        // stored since is another token, and acting on the link would act on the wrong one.
        let record = memory()[credential: organization.key]
        if let remembered = record.tokenFingerprint,
            let stored = try storedToken(forKey: organization.key), stored.fingerprint != remembered
        {
            // A run killed between renaming the token file and the state file: the stored token
            // is the one it made, and that is what is linked.
            if let pending = record.pending, pending.fingerprint == stored.fingerprint {
                let adopted = ServiceTokenInfo(authorizationID: pending.authorizationID)
                try remember { memory in
                    memory[credential: organization.key].token = adopted
                    memory[credential: organization.key].tokenFingerprint = pending.fingerprint
                    memory[credential: organization.key].pending = nil
                }
                return adopted
            }
            throw .notFound(
                "The token stored for \(organization.displayName) was replaced since ado-accounts linked it, so it will not \(verb) the one it linked.",
                hint: .linkStoredToken(organization: Printable.sanitized(organization.canonicalURL)))
        }
        return linked
    }

    /// The token stored under the key, from the first store that holds one (az's reading order).
    private func storedToken(forKey key: CredentialKey) throws(CredentialError) -> PersonalAccessToken? {
        for store in stores {
            if let token = try store.token(for: key) { return token }
        }
        return nil
    }

    /// Whether a store holds a token under this key (without reading it).
    private func resolveToken(forKey key: CredentialKey) throws(CredentialError) -> Bool {
        for store in stores where try store.storedKeys().contains(key) { return true }
        return false
    }

    /// Stores and checks a token the service just made; when the check fails the new token is
    /// revoked again, so that none is left behind unused.
    private func storeCreated(_ created: CreatedPAT, organization: OrganizationURL, session: inout PATSession)
        async throws(CredentialError) -> LoginResult
    {
        let pending = (created.info.authorizationID, created.token.fingerprint)
        try remember { memory in memory[credential: organization.key].pending = pending }
        CrashPoint.reach("pat.pending-recorded")
        do {
            return try await login(
                token: created.token, organization: organization, verify: true, serviceToken: created.info)
        } catch {
            let cleanup: String
            do {
                try await session.call("revoking the new token") {
                    (service, bearer) throws(PATServiceError) in
                    try await service.revoke(
                        organization, bearer: bearer, authorizationID: created.info.authorizationID)
                }
                cleanup = "the new token was revoked again"
            } catch let revokeError {
                cleanup =
                    "the new token \(Self.named(created.info)) could not be revoked (\(revokeError.message)); revoke it in the organization's settings"
            }
            let message = error.message.hasSuffix(".") ? String(error.message.dropLast()) : error.message
            throw .init(error.kind, "\(message); \(cleanup).")
        }
    }

    private func expiry(days: Int) throws(CredentialError) -> Date {
        guard (1...Self.maximumPATDays).contains(days) else {
            throw .invalidInput("A PAT lasts between 1 and \(Self.maximumPATDays) days, not \(days).")
        }
        return now().addingTimeInterval(Double(days) * 86_400)
    }

    /// The lifespan the token was made with, in days, for a renewal or rotation that keeps it.
    static func lifespanDays(of token: ServiceTokenInfo) -> Int {
        guard let from = token.validFrom, let to = token.validTo, to > from else { return defaultPATDays }
        return min(maximumPATDays, max(1, Int((to.timeIntervalSince(from) / 86_400).rounded())))
    }

    static func patName(_ name: String?, organization: OrganizationURL, now: Date) throws(CredentialError)
        -> String
    {
        if let name {
            let trimmed = AccountMemoryFile.oneLine(name)
            guard !trimmed.isEmpty, trimmed == name, name.count <= 256 else {
                throw .invalidInput("A PAT's name is one line of at most 256 characters.")
            }
            return name
        }
        let organizationName = OrganizationURL.bareName(of: organization.canonicalURL) ?? "organization"
        return "ado-accounts \(organizationName) \(Timestamp.format(now).prefix(10))"
    }

    static func patScope(_ scopes: [String]) throws(CredentialError) -> String {
        let requested = scopes.flatMap {
            $0.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        }
        let chosen = requested.isEmpty ? defaultPATScopes : requested
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_.".utf8)
        for scope in chosen where scope.isEmpty || !scope.utf8.allSatisfy(allowed.contains) {
            throw .invalidInput(
                "\(Printable.quoted(scope)) is not a scope: scopes look like vso.code_write.",
                hint: .listScopes)
        }
        return chosen.joined(separator: " ")
    }

    public static func named(_ token: ServiceTokenInfo) -> String {
        "\(Printable.quoted(Printable.sanitized(token.name ?? "unnamed", limit: 80))) (authorization \(Printable.sanitized(token.authorizationID, limit: 60)))"
    }

    // MARK: - The Azure CLI sign-in

    /// Who asks the API: the Azure CLI's signed-in accounts, default first, each tenant tried
    /// until the organization accepts one (it accepts only its own tenant's).
    func patSession(_ organization: OrganizationURL) throws(CredentialError) -> PATSession {
        // The Entra token opens every organization of its tenant, not one: it goes to Azure
        // DevOps Services' own hosts (by suffix, not by substring, so no look-alike) or to this
        // machine (a test service), never to a server that asked for it.
        let host = organization.parts.host
        guard host.isAzureDevOpsServices || host.isLoopback else {
            throw .invalidInput(
                "The PAT lifecycle API is Azure DevOps Services' (dev.azure.com, visualstudio.com); your Azure CLI sign-in is not sent to \(Printable.sanitized(host.ascii, limit: 120)).",
                hint: .pasteToken)
        }
        try requireProtectedTransport(to: organization)
        let azureCLI = AzureCLI(environment: environment)
        let state = azureCLI.state()
        guard state.isSignedIn else {
            throw .init(
                .unreachable,
                "The PAT lifecycle API needs an Azure CLI sign-in, and there is none.",
                hint: .signInToAzureCLIOrPasteToken)
        }
        var tenants: [String] = []
        for account in state.accounts where !tenants.contains(account.tenantID) {
            tenants.append(account.tenantID)
        }
        return PATSession(
            service: patLifecycle, azureCLI: azureCLI, organization: organization, tenants: tenants)
    }
}

/// One command's use of the API: the Entra token of the first tenant the organization accepts,
/// kept for the command's later calls. The token is a secret: never printed or logged.
struct PATSession {
    let service: any PATLifecycle
    let azureCLI: AzureCLI
    let organization: OrganizationURL
    let tenants: [String]
    private var bearer: PersonalAccessToken?
    /// The API's own refusal in the last failed call, when it named one.
    private(set) var lastRefusal: PATTokenError?

    init(service: any PATLifecycle, azureCLI: AzureCLI, organization: OrganizationURL, tenants: [String]) {
        self.service = service
        self.azureCLI = azureCLI
        self.organization = organization
        self.tenants = tenants
    }

    mutating func call<T>(
        _ doing: String,
        _ operation: (any PATLifecycle, PersonalAccessToken) async throws(PATServiceError) -> T
    ) async throws(CredentialError) -> T {
        lastRefusal = nil
        if let bearer {
            do { return try await operation(service, bearer) } catch { throw describe(error, doing) }
        }
        var failures: [String] = []
        var refused = false
        for tenant in tenants {
            let token: PersonalAccessToken
            do { token = try await azureCLI.accessToken(tenant: tenant) } catch {
                failures.append(error.message)
                continue
            }
            do {
                let result = try await operation(service, token)
                bearer = token
                return result
            } catch .signInRefused {
                refused = true
                continue
            } catch {
                bearer = token
                throw describe(error, doing)
            }
        }
        if refused || failures.isEmpty {
            throw PATServiceError.signInRefused(status: 401).credentialError(organization, doing: doing)
        }
        throw .init(
            .unreachable,
            "Could not get an Azure DevOps token from the Azure CLI (\(failures[0].hasSuffix(".") ? String(failures[0].dropLast()) : failures[0])).",
            hint: .signInToAzureCLI)
    }

    /// The service's current entry of a linked token: what renewing and rotating keep.
    mutating func entry(of linked: ServiceTokenInfo) async throws(CredentialError) -> ServiceTokenInfo {
        try await entry(authorizationID: linked.authorizationID, "reading the stored token's entry")
    }

    /// The entry of exactly this authorization id: rotating revokes the id in the answer, so
    /// an answer about another token (a service or proxy that mixes answers up) would revoke
    /// a token nobody named.
    mutating func entry(authorizationID: String, _ doing: String) async throws(CredentialError)
        -> ServiceTokenInfo
    {
        let organization = organization
        let entry = try await call(doing) { (service, bearer) throws(PATServiceError) in
            try await service.get(organization, bearer: bearer, authorizationID: authorizationID)
        }
        // Authorization ids are GUIDs, which the service may spell in either case.
        guard entry.authorizationID.lowercased() == authorizationID.lowercased() else {
            throw PATServiceError.unexpected(
                "it answered about authorization \(Printable.sanitized(entry.authorizationID, limit: 60)) when asked about \(Printable.sanitized(authorizationID, limit: 60))"
            ).credentialError(organization, doing: doing)
        }
        return entry
    }

    private mutating func describe(_ error: PATServiceError, _ doing: String) -> CredentialError {
        if case .refused(let value, _) = error { lastRefusal = value }
        return error.credentialError(organization, doing: doing)
    }
}
