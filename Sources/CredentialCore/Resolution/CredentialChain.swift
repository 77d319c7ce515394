/// Every credential that could authenticate a command for an organization, in the order az
/// devops tries them (docs/storage.md §8), and which one applies.
///
/// az tries an Azure CLI sign-in first. When no PAT is around and one identity is signed in, its
/// token is used as it is; otherwise az checks each signed-in identity's token against the
/// organization and uses the first that works, falling back to the PAT chain.
public struct CredentialChain: Sendable, Equatable {
    public enum Link: Sendable, Equatable, CustomStringConvertible {
        case azureCLI(AzureAccount)
        case environment(variable: String)
        case organization(StoreKind)
        case defaultCredential(StoreKind)

        /// A stable word for JSON: azureCLI, environment, organization, default.
        public enum Kind: String, Sendable, Encodable {
            case azureCLI
            case environment
            case organization
            case defaultCredential = "default"
        }

        public var kind: Kind {
            switch self {
            case .azureCLI: .azureCLI
            case .environment: .environment
            case .organization: .organization
            case .defaultCredential: .defaultCredential
            }
        }

        /// "its own PAT (keyring)", "the default credential (file)", "AZURE_DEVOPS_EXT_PAT (from
        /// the environment)", "the Azure CLI token (jane@contoso.com)".
        public var description: String {
            switch self {
            case .azureCLI(let account):
                "the Azure CLI token (\(Printable.sanitized(account.userName, limit: 80)))"
            case .environment(let variable): "\(variable) (from the environment)"
            case .organization(let store): "its own PAT (\(store.rawValue))"
            case .defaultCredential(let store): "\(CredentialKey.defaultCredentialName) (\(store.rawValue))"
            }
        }
    }

    public enum Standing: Sendable, Equatable {
        /// This credential is the one used.
        case applies
        /// Tried first, used if the organization accepts it; not checked (see `status --check`).
        case triedFirst
        /// Used only if the Azure CLI tokens before it are refused.
        case fallback
        /// Present, but a credential before it is used instead.
        case shadowed
        /// Checked and refused by the organization; az moves on.
        case refused(reason: String)

        /// A stable word for JSON, one per case.
        public enum Kind: String, Sendable, Encodable {
            case applies, triedFirst, fallback, shadowed, refused
        }

        public var kind: Kind {
            switch self {
            case .applies: .applies
            case .triedFirst: .triedFirst
            case .fallback: .fallback
            case .shadowed: .shadowed
            case .refused: .refused
            }
        }
    }

    public struct Step: Sendable, Equatable {
        public let link: Link
        public let standing: Standing
        /// The answer to a check, when one was made.
        public let verification: VerificationResult?
    }

    public let organization: OrganizationURL
    public let steps: [Step]

    /// The link that applies, when it is certain.
    public var applying: Link? { steps.first { $0.standing == .applies }?.link }

    /// Builds the chain from what is present, without contacting anything. `checked` holds the
    /// answers for Azure CLI identities that were verified, by tenant.
    static func build(
        organization: OrganizationURL, azure: AzureCLIState, environmentVariable: String?,
        ownToken: StoreKind?, defaultCredential: StoreKind?, checked: [String: VerificationResult] = [:],
        patChecked: VerificationResult? = nil
    ) -> CredentialChain {
        let patLinks = TokenChain.links(
            variable: environmentVariable, organization: organization.key, firstOnly: false
        ) { key in key.isDefaultCredential ? defaultCredential : ownToken }

        var steps: [Step] = []
        var decided = false
        let identities = azure.identities
        // az: with no PAT anywhere and a single identity, its token is used without a check.
        let unconditional = patLinks.isEmpty && identities.count == 1
        var azureUncertain = false
        for identity in identities {
            let verification = checked[identity.tenantID]
            let standing: Standing
            if decided {
                standing = .shadowed
            } else if unconditional {
                standing = .applies
                decided = true
            } else if let verification {
                if verification.isValid {
                    standing = .applies
                    decided = true
                } else {
                    standing = .refused(reason: verification.reason ?? verification.label)
                }
            } else {
                standing = .triedFirst
                azureUncertain = true
            }
            steps.append(Step(link: .azureCLI(identity), standing: standing, verification: verification))
        }
        for (index, link) in patLinks.enumerated() {
            let standing: Standing
            if decided {
                standing = .shadowed
            } else if azureUncertain {
                standing = .fallback
                decided = true
            } else {
                standing = .applies
                decided = true
            }
            // The check is of the PAT az would send: the first one.
            steps.append(Step(link: link, standing: standing, verification: index == 0 ? patChecked : nil))
        }
        return CredentialChain(organization: organization, steps: steps)
    }
}

extension AccountManager {
    /// What `status` shows: the Azure CLI's sign-in and each organization's chain, all from one
    /// listing and one read of the Azure CLI's profile.
    public struct Status: Sendable {
        public let azure: AzureCLIState
        public let chains: [CredentialChain]
        /// Why the Azure CLI's tokens were not checked although that was asked, and PAT variables
        /// az does not read; one sentence each, joined.
        public let notice: String?
        /// Organizations whose check was refused because the token would travel over plain
        /// http, after `notice` (their hints are the front end's to word).
        public let unchecked: [CredentialError]
        /// The listing the chains were built from (for what is remembered about each token).
        public let list: AccountList
    }

    /// The chains of `organizations` (every stored one when nil). With `check`, each signed-in
    /// identity's token is fetched once (`az account get-access-token`; never shown) and
    /// verified against every organization, as az devops would, and the PAT az would fall back
    /// on is verified too; what the PAT checks found is remembered, in one change.
    public func status(
        of organizations: [OrganizationURL]?, check: Bool, azureCLI: AzureCLI? = nil
    ) async throws(CredentialError) -> Status {
        let azureCLI = azureCLI ?? AzureCLI(environment: environment)
        let (azure, list) = try await Blocking.run { () throws(CredentialError) in
            (azureCLI.state(), try accounts())
        }
        let targets = organizations ?? list.organizations
        if targets.isEmpty {
            throw .notFound("No organizations are stored or set as default.", hint: .nameOrganization)
        }
        var notices: [String] = []
        if let ignored = TokenChain.ignoredByAzureCLI(environment) {
            notices.append(
                "\(ignored) is set, but az devops reads only \(TokenChain.azureCLIVariable); 'ado-accounts token' honours both."
            )
        }
        var tokens: [(tenant: String, token: Result<PersonalAccessToken, CredentialError>)] = []
        if check, azure.isSignedIn {
            if azure.isInstalled {
                for identity in azure.identities {
                    do {
                        tokens.append(
                            (
                                identity.tenantID,
                                .success(try await azureCLI.accessToken(tenant: identity.tenantID))
                            ))
                    } catch {
                        tokens.append((identity.tenantID, .failure(error)))
                    }
                }
            } else {
                notices.append(
                    "An Azure CLI profile exists but az is not on PATH; its tokens cannot be checked.")
            }
        }
        var chains: [CredentialChain] = []
        var patChecks: [Check] = []
        var unchecked: [CredentialError] = []
        for organization in targets {
            var checked: [String: VerificationResult] = [:]
            let refusal = tokens.isEmpty ? nil : organization.cleartextRefusal(allowingHTTP: allowsHTTP)
            if let refusal { unchecked.append(refusal) }
            for (tenant, token) in tokens where refusal == nil {
                switch token {
                case .success(let token): checked[tenant] = await verifier.verify(token, for: organization)
                case .failure(let error): checked[tenant] = .unreachable(reason: error.message)
                }
            }
            var patChecked: VerificationResult?
            // The PAT only when az would come to it: not behind an Azure CLI token that works.
            if check, organization.cleartextRefusal(allowingHTTP: allowsHTTP) == nil,
                !checked.values.contains(where: \.isValid)
            {
                let patCheck = await self.check(organization)
                // A variable az does not read is not the PAT az would send.
                if case .verified(let result, let source) = patCheck.outcome,
                    source != .environment(variable: TokenChain.ignoredByAzureCLI(environment) ?? "")
                {
                    patChecked = result
                    patChecks.append(patCheck)
                }
            }
            chains.append(
                list.credentialChain(
                    for: organization, azure: azure, checked: checked, patChecked: patChecked))
        }
        if let warning = remember(patChecks) { notices.append(warning) }
        return Status(
            azure: azure, chains: chains, notice: notices.isEmpty ? nil : notices.joined(separator: " "),
            unchecked: unchecked, list: list)
    }
}

extension AccountList {
    /// The chain for an organization from this listing (no secret read, nothing contacted).
    public func credentialChain(
        for organization: OrganizationURL, azure: AzureCLIState, checked: [String: VerificationResult] = [:],
        patChecked: VerificationResult? = nil
    ) -> CredentialChain {
        // az devops reads one variable; the older name is honoured by `token` only.
        CredentialChain.build(
            organization: organization, azure: azure,
            environmentVariable: environmentOverride == TokenChain.azureCLIVariable
                ? environmentOverride : nil,
            ownToken: row(for: organization.key)?.stores.first,
            defaultCredential: row(for: .defaultCredential)?.stores.first, checked: checked,
            patChecked: patChecked)
    }
}
