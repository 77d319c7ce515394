/// Each refusal of the PAT lifecycle API as one sentence for people, and the exit status it
/// means: policies and bad requests are refusals (3), a request ado-accounts got wrong or an
/// answer it cannot read is the service's side (4).
extension PATServiceError {
    /// `doing` is what was being done, for the sentence ("creating a token").
    public func credentialError(_ organization: OrganizationURL, doing: String) -> CredentialError {
        let name = organization.displayName
        switch self {
        case .signInRefused:
            return .init(
                .rejected,
                "\(name) did not accept the Azure CLI sign-in for \(doing) (expired, or another tenant).",
                hint: .signInToAzureCLI)
        case .forbidden:
            return .init(
                .rejected, "\(name) refused \(doing): the signed-in account may not manage tokens there.")
        case .unreachable(let reason):
            return .init(.unreachable, "Could not reach \(name)'s token service for \(doing): \(reason).")
        case .unexpected(let reason):
            return .init(
                .unreachable, "\(name)'s token service did not answer as expected to \(doing): \(reason).")
        case .refused(let error, _):
            return .init(.rejected, "\(name) refused \(doing): \(error.sentence)", hint: error.hint)
        }
    }
}

extension PATTokenError {
    /// What the person can do about it, where a front end offers the remedy.
    public var hint: CredentialError.Hint? {
        switch rawValue {
        case "fullScopePatPolicyViolation": .nameScopes
        case "patLifespanPolicyViolation": .fewerDays
        case "invalidScope": .listScopes
        case "displayNameRequired", "invalidDisplayName": .chooseTokenName
        case "invalidUserId", "invalidUserType", "userIdRequired", "invalidSubject", "invalidClient",
            "invalidClientType", "invalidClientId", "invalidAudience", "invalidToken", "invalidTokenType":
            .signInToAzureCLI
        case "deploymentHostNotSupported": .signInToAzureCLIOrPasteToken
        default: nil
        }
    }

    /// Why, in words, ending with what to do; the API's name for anything unknown.
    public var sentence: String {
        switch rawValue {
        case "globalPatPolicyViolation":
            return
                "the organization allows no global PAT (one valid for all organizations), and global PATs stopped working on \(globalPATRetirement); create one for this organization instead."
        case "fullScopePatPolicyViolation":
            return
                "the organization's policy forbids full-access PATs."
        case "patLifespanPolicyViolation":
            return "the expiry is beyond the organization's maximum PAT lifespan."
        case "invalidScope":
            return "a scope is not one Azure DevOps knows."
        case "invalidValidTo": return "the expiry date is not valid (in the past, or too far ahead)."
        case "displayNameRequired": return "the token needs a name."
        case "invalidDisplayName": return "the name is not allowed."
        case "accessDenied":
            return
                "access denied: the signed-in account may not manage this token, or the organization's policy forbids it."
        case "invalidTargetAccounts": return "the token cannot be limited to this organization."
        case "tokenNotFound", "authorizationNotFound", "hostAuthorizationNotFound":
            return "the service has no such token any more (revoked, or expired long ago)."
        case "invalidAuthorizationId": return "the authorization id is not one the service knows."
        case "failedToIssueAccessToken", "failedToUpdateAccessToken", "failedToReadTenantPolicy":
            return "the service failed on its side; try again later."
        case "duplicateHash": return "the service generated a token that already exists; try again."
        case "invalidUserId", "invalidUserType", "userIdRequired", "invalidSubject":
            return
                "the signed-in account cannot own PATs (a service principal or guest): sign in as a user."
        case "invalidClient", "invalidClientType", "invalidClientId", "invalidAudience", "invalidToken",
            "invalidTokenType":
            return
                "the Azure CLI sign-in is not accepted for managing tokens."
        case "sourceNotSupported", "invalidSourceIP", "invalidSource":
            return "the organization's policy does not allow managing tokens from this network."
        case "sshPolicyDisabled": return "the organization's policy has SSH keys disabled."
        case "deploymentHostNotSupported":
            return
                "this organization's deployment does not support the PAT lifecycle API."
        default:
            return "the service said \(Printable.quoted(Printable.sanitized(rawValue, limit: 60)))."
        }
    }
}
