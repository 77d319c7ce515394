/// What `az login` or `az logout` did, read from its exit status and the profile afterwards:
/// one reading for every front end, each of which says it in its own way.
public enum AzureCLIOutcome: Sendable, Equatable {
    /// Interrupted from the terminal (status 130).
    case interrupted
    /// az exited with another failing status.
    case failed(status: Int32)
    /// `az login` succeeded and an account is signed in.
    case signedIn
    /// `az login` succeeded, but the profile names no signed-in account.
    case noAccountAfterLogin
    /// `az logout` succeeded and an account is still signed in (`userNamesLeftByLogout`).
    case stillSignedIn
    /// `az logout` succeeded and nobody is signed in: stored PATs apply again.
    case signedOut

    public init(login status: Int32, after state: AzureCLIState) {
        self = Self.failure(status) ?? (state.isSignedIn ? .signedIn : .noAccountAfterLogin)
    }

    public init(logout status: Int32, after state: AzureCLIState) {
        self = Self.failure(status) ?? (state.isSignedIn ? .stillSignedIn : .signedOut)
    }

    private static func failure(_ status: Int32) -> AzureCLIOutcome? {
        switch status {
        case 0: nil
        case 130: .interrupted
        default: .failed(status: status)
        }
    }

    /// The sentence both front ends open with after a run that succeeded, nil otherwise.
    public func summary(_ state: AzureCLIState) -> String? {
        switch self {
        case .signedIn: "Azure CLI: signed in as \(state.summary)."
        case .stillSignedIn: "Azure CLI: still signed in as \(state.summary)."
        case .signedOut: "Azure CLI: signed out; stored PATs apply again."
        case .interrupted, .failed, .noAccountAfterLogin: nil
        }
    }
}
