import CredentialCore

extension CredentialError {
    /// The message with its hint in the screen's terms. The screen changes neither the store
    /// nor the permission for plain HTTP: those are chosen when it starts.
    var screenText: String {
        guard let hint else { return message }
        switch hint {
        case .useFileStore(let path):
            return message + " To keep tokens in \(path), quit and start again with --store file."
        case .nameOrganization, .nameOrganizationOrIgnoreRemote, .nameOrganizationOrAll:
            return message + " Choose an organization's row."
        case .allowHTTP:
            return message
                + " Use https://, or quit and start again with --allow-http to allow plain HTTP to this host."
        case .signInToAzureCLI: return message + " Press L to sign in again."
        case .signInToAzureCLIOrPasteToken: return message + " Press L to sign in, or a to paste a PAT."
        case .pasteToken: return message + " Press a to paste a PAT instead."
        case .linkStoredToken(let organization):
            return message
                + " Link it first, in a shell: ado-accounts pat link --organization \(organization) --name NAME"
        case .renewOrReplaceToken(_, let canRenew):
            return message
                + (canRenew
                    ? " Press R to renew or rotate it, or a to paste a new one."
                    : " Create a new token in Azure DevOps and press a to paste it.")
        case .replaceGlobalPAT(_, let canCreate):
            return message
                + " The default credential serves every organization, which takes a global PAT, and global PATs stopped working on \(globalPATRetirement): give this organization a PAT of its own"
                + (canCreate ? " (n on its row creates one, a pastes one)." : " (a on its row pastes one).")
        case .defaultsSyntax, .runInRepositoryOrUseGlobalScope, .linkByID, .nameTokenToLink, .nameScopes,
            .fewerDays, .listScopes, .chooseTokenName:
            return message
        }
    }
}
