/// Every credential that could authenticate a command for an organization, in the order az
/// devops tries them (interop §8), and which one applies.
///
/// az tries an Azure CLI sign-in first. When no PAT is around and one identity is signed in, its
/// token is used as it is; otherwise az checks each signed-in identity's token against the
/// organization and uses the first that works, falling back to the PAT chain.
public struct CredentialChain: Sendable, Equatable {
    public enum Link: Sendable, Equatable {
        case azureCLI(AzureAccount)
        case environment(variable: String)
        case organization(StoreKind)
        case defaultCredential(StoreKind)
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
        ownToken: StoreKind?, defaultCredential: StoreKind?, checked: [String: VerificationResult] = [:]
    ) -> CredentialChain {
        var patLinks: [Link] = []
        if let environmentVariable { patLinks.append(.environment(variable: environmentVariable)) }
        if let ownToken { patLinks.append(.organization(ownToken)) }
        if let defaultCredential { patLinks.append(.defaultCredential(defaultCredential)) }

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
        for link in patLinks {
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
            steps.append(Step(link: link, standing: standing, verification: nil))
        }
        return CredentialChain(organization: organization, steps: steps)
    }
}

extension AccountManager {
    /// The chain for an organization from what is stored and signed in; contacts nothing.
    public func credentialChain(for organization: OrganizationURL, azure: AzureCLIState)
        throws(CredentialError) -> CredentialChain
    {
        let list = try accounts()
        return list.credentialChain(for: organization, azure: azure)
    }

    /// The chain with every Azure CLI identity's token fetched (`az account get-access-token`)
    /// and checked against the organization, as az devops would.
    public func checkedCredentialChain(for organization: OrganizationURL, azureCLI: AzureCLI)
        async throws(CredentialError) -> CredentialChain
    {
        let state = azureCLI.state()
        var checked: [String: VerificationResult] = [:]
        for identity in state.identities {
            do {
                let token = try await azureCLI.accessToken(tenant: identity.tenantID)
                checked[identity.tenantID] = await verifier.verify(token, for: organization)
            } catch {
                checked[identity.tenantID] = .unreachable(reason: error.message)
            }
        }
        return try accounts().credentialChain(for: organization, azure: state, checked: checked)
    }
}

extension AccountList {
    /// The chain for an organization from this listing (no secret read, nothing contacted).
    public func credentialChain(
        for organization: OrganizationURL, azure: AzureCLIState, checked: [String: VerificationResult] = [:]
    ) -> CredentialChain {
        CredentialChain.build(
            organization: organization, azure: azure, environmentVariable: environmentOverride,
            ownToken: row(for: organization.key)?.stores.first,
            defaultCredential: row(for: .defaultCredential)?.stores.first, checked: checked)
    }
}
