import CredentialCore

public struct Size: Equatable, Sendable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// Everything that can change the model: input from the person, and the answers of effects,
/// which the runtime feeds back as they arrive.
public enum Event: Sendable {
    case key(Key)
    /// A left-button press at a screen position.
    case click(x: Int, y: Int)
    /// The mouse wheel: negative is up.
    case scroll(Int)
    case resize(Size)
    /// Animation time while something is in flight.
    case tick
    case loaded(generation: Int, Result<AccountList, CredentialError>)
    case loginFinished(Result<AccountManager.LoginResult, CredentialError>)
    case logoutFinished(Result<AccountManager.LogoutResult, CredentialError>)
    case defaultChanged(Result<AccountManager.DefaultChange, CredentialError>)
    /// One verification answer; `V` produces one per organization, in the order they arrive.
    case checked(AccountManager.Check)
}

/// What `update` asks the runtime to do. Each is a call into `AccountManager`, run off the input
/// loop; its answer comes back as an `Event`.
public enum Effect: Equatable, Sendable {
    /// Read the listing again; the answer carries the generation so that a stale one is ignored.
    case load(generation: Int)
    case login(token: PersonalAccessToken, organization: OrganizationURL?)
    case logout([CredentialKey])
    case setDefault(OrganizationURL)
    /// Check each organization's token, several at a time.
    case verify([OrganizationURL])
    /// Draw every cell again (Ctrl-L), in case something else wrote on the terminal.
    case redraw
    case quit
}
