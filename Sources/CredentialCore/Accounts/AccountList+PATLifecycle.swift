/// Whether the PAT lifecycle (create, renew, rotate, revoke through the service's API) can act
/// on a row now, and why not: the screen shows a key only where it can, and explains it where
/// it cannot, from the listing and the Azure CLI's profile alone (nothing is asked of the
/// service or of az to decide).
extension AccountList {
    public enum PATAction: Sendable, Equatable {
        case create
        /// Renew or rotate: both keep the stored token's entry.
        case change
        case revoke
    }

    /// Why an action cannot be done on a row, the first reason that applies.
    public enum PATBlocker: Sendable, Equatable {
        /// The default credential or a key that is not an organization URL.
        case notAnOrganization
        /// Azure DevOps Server and other hosts have no PAT lifecycle API: paste a PAT instead.
        case noLifecycleAPI
        case azureCLINotInstalled
        case notSignedIn
        /// Renew, rotate and revoke need a stored token…
        case noToken
        /// …whose service entry ado-accounts knows (it made it, or it was linked).
        case notLinked
    }

    public func patBlocker(_ action: PATAction, for key: CredentialKey, azure: AzureCLIState?)
        -> PATBlocker?
    {
        guard !key.isDefaultCredential, let organization = OrganizationURL(key: key) else {
            return .notAnOrganization
        }
        guard organization.offersPATLifecycleAPI else { return .noLifecycleAPI }
        guard let azure, azure.isSignedIn else { return .notSignedIn }
        guard azure.isInstalled else { return .azureCLINotInstalled }
        guard action != .create else { return nil }
        guard row(for: key)?.hasToken == true else { return .noToken }
        guard record(for: key).token != nil else { return .notLinked }
        return nil
    }
}

extension OrganizationURL {
    /// Azure DevOps Services has the PAT lifecycle API; Azure DevOps Server does not (it takes
    /// no Entra token). A service on this machine (loopback) is taken to have it: that is how
    /// tests run one, and a tunnel to the real one would be reached that way.
    public var offersPATLifecycleAPI: Bool {
        let parts = self.parts
        return parts.isAzureDevOpsServices || parts.host.isLoopback
    }
}
