import CredentialCore

extension CredentialError {
    /// The message with its hint in the command line's terms: the flags that act on it.
    var commandLineText: String {
        guard let hint else { return message }
        switch hint {
        case .useFileStore(let path):
            return message
                + " Use --store file (or \(StorePreference.environmentVariable)=file) to keep tokens in \(path)."
        case .nameOrganization: return message + " Give --organization."
        case .nameOrganizationOrAll: return message + " Give --organization or --all."
        case .nameOrganizationOrIgnoreRemote: return message + " Give --organization, or --detect false."
        case .allowHTTP:
            return message + " Use https://, or allow plain HTTP to this host explicitly with --allow-http."
        case .runInRepositoryOrUseGlobalScope(let directory):
            return
                "--local writes the configuration of the current directory's git repository, and \(directory) is in none: run it inside the repository, or use --global."
        // az devops configure's own usage line, as az prints it.
        case .defaultsSyntax: return "usage error: --defaults STRING=STRING STRING=STRING ..."
        case .signInToAzureCLI: return message + " Sign in again with 'ado-accounts az-login'."
        case .signInToAzureCLIOrPasteToken:
            return message
                + " Sign in with 'ado-accounts az-login', or paste a PAT with 'ado-accounts login'."
        case .pasteToken: return message + " Paste a PAT with 'ado-accounts login' instead."
        case .linkStoredToken(let organization):
            return message
                + " Link it first: ado-accounts pat link --organization \(organization) --name NAME"
        case .linkByID: return message + " Link it by --id instead."
        case .nameTokenToLink: return message + " Give --name or --id."
        case .nameScopes: return message + " Name the scopes it needs with --scope."
        case .fewerDays: return message + " Ask for fewer --days."
        case .listScopes: return message + " 'ado-accounts pat create --help' lists them."
        case .chooseTokenName: return message + " Choose a name with --name."
        case .renewOrReplaceToken(let key, let canRenew):
            return message + " " + Self.renewal(key, canRenew: canRenew)
        case .replaceGlobalPAT(let organization, let canCreate):
            return message + " " + Self.globalPATReplacement(organization, canCreate: canCreate)
        }
    }

    /// What replaces a default credential that was a global PAT: a PAT of the organization's own.
    static func globalPATReplacement(_ organization: CredentialKey, canCreate: Bool) -> String {
        let url = organization.organizationURL ?? ""
        let create =
            canCreate
            ? "create one for it with 'ado-accounts pat create --organization \(url)' or paste one with 'ado-accounts login --organization \(url)'"
            : "create one for it in Azure DevOps and paste it with 'ado-accounts login --organization \(url)'"
        return
            "The default credential serves every organization without a PAT of its own, which takes a global PAT, and global PATs stopped working on \(globalPATRetirement): \(create)."
    }

    /// What to do about an expired (or expiring) token, with the commands that do it.
    static func renewal(_ key: CredentialKey, canRenew: Bool) -> String {
        let organization = key.organizationURL.map { " --organization \($0)" } ?? ""
        let login = "paste a new one with 'ado-accounts login\(organization)'"
        guard canRenew else { return "Create a new token in Azure DevOps and \(login)." }
        return
            "Renew it with 'ado-accounts pat renew\(organization)' (or replace it with 'ado-accounts pat rotate\(organization)'), or \(login)."
    }
}
