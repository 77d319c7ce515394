/// Which organizations `verify` and `status` act on when none, one or all are asked for: az
/// devops's pick (the named one, the git remote's, the default), as both commands see it.
extension AccountManager {
    /// Every stored organization with `all`; else the one az devops picks, with how it was
    /// picked (to say so when none was named).
    public func verificationTargets(all: Bool, organization argument: String?, detect: Bool)
        throws(CredentialError) -> (organizations: [OrganizationURL], resolution: OrganizationResolution?)
    {
        if all {
            let organizations = try accounts().organizations
            if organizations.isEmpty { throw .notFound("No organizations are stored.") }
            return (organizations, nil)
        }
        let resolution = try resolveOrganization(argument, detect: detect)
        guard let organization = resolution.organization else {
            throw .notFound("No default organization is set.", hint: .nameOrganizationOrAll)
        }
        return ([organization], resolution)
    }

    /// The organizations `status` shows, nil for every stored one: the named organization
    /// alone; where a git remote picks one, that one first and then the others.
    public func statusTargets(_ resolution: OrganizationResolution) throws(CredentialError)
        -> [OrganizationURL]?
    {
        guard let organization = resolution.organization else { return nil }
        switch resolution.source {
        case .argument?: return [organization]
        case .gitRemote?:
            return [organization] + (try accounts().organizations).filter { $0.key != organization.key }
        case .defaultOrganization?, nil: return nil
        }
    }
}
