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
    /// The listing, and what the Azure CLI's profile said at the same moment (nil: not read,
    /// keep what is known).
    case loaded(generation: Int, Result<AccountList, CredentialError>, azure: AzureCLIState? = nil)
    case loginFinished(Result<AccountManager.LoginResult, CredentialError>)
    case logoutFinished(Result<AccountManager.LogoutResult, CredentialError>)
    case defaultChanged(Result<AccountManager.DefaultChange, CredentialError>)
    /// One verification answer; `V` produces one per organization, in the order they arrive.
    case checked(AccountManager.Check)
    /// The default credential's own check against the default organization (`v` on its row).
    case checkedDefaultCredential(AccountManager.Check)
    /// The checks' results could not be written to ado-accounts.state (the checks stand).
    case checksNotRemembered(String)
    /// What `doctor` (without fixing, without its round trip) found.
    case doctorFinished(Result<DoctorReport, CredentialError>)
    /// `m`: a token moved between stores, or why not.
    case moveFinished(CredentialKey, Result<MigrationReport, CredentialError>)
    /// `L` / `O`: az has ended; its exit status and the profile it left.
    case azureCLIFinished(AzureCLIAction, Result<AzureCLIRun, CredentialError>)
    /// `p`: the organization's project names, for the picker that asked (by generation).
    case projectsLoaded(generation: Int, Result<[String], CredentialError>)
    /// `n`, `R`, `X`: the PAT lifecycle API's answer for an organization.
    case patFinished(OrganizationURL, Result<PATOutcome, CredentialError>)
}

/// What `L` and `O` run: `az login` or `az logout`, in the foreground.
public enum AzureCLIAction: Equatable, Sendable {
    case login
    case logout

    public var arguments: [String] {
        switch self {
        case .login: ["login"]
        case .logout: ["logout"]
        }
    }
}

/// How a run of az went: its exit status, and the sign-in state read afterwards.
public struct AzureCLIRun: Equatable, Sendable {
    public let status: Int32
    public let state: AzureCLIState

    public init(status: Int32, state: AzureCLIState) {
        self.status = status
        self.state = state
    }
}

/// What `update` asks the runtime to do. Each is a call into `AccountManager`, run off the input
/// loop; its answer comes back as an `Event`.
public enum Effect: Equatable, Sendable {
    /// Read the listing again; the answer carries the generation so that a stale one is ignored.
    case load(generation: Int)
    case login(token: PersonalAccessToken, organization: OrganizationURL?, verify: Bool = true)
    /// Esc while a login's check runs: the login ends without storing anything (answered by
    /// `loginFinished`, unless it had finished already).
    case cancelLogin
    case logout([CredentialKey])
    case setDefault(OrganizationURL)
    /// Note that the store notice was shown, so that the next launches keep it to the title.
    case rememberStoreNotice(String)
    /// List an organization's projects for the picker; answered by `projectsLoaded`.
    case loadProjects(OrganizationURL, generation: Int)
    /// Make the organization the default with this project, in one change; answered by
    /// `defaultChanged`.
    case setDefaultProject(OrganizationURL, project: String)
    /// Check each organization's token, several at a time.
    case verify([OrganizationURL])
    /// Check the default credential itself against an organization (the default one).
    case verifyDefaultCredential(OrganizationURL)
    /// Reconcile the stores (`doctor` without fixing and without its round trip) for the
    /// banner. It takes the directory lock and reads tokens to compare copies: it runs in the
    /// background, after the first frame is on the screen.
    case doctor
    /// Move one token (an organization's, or the default credential) to another store.
    case move(CredentialKey, to: StoreKind)
    /// Run az in the foreground: the runtime leaves curses mode, gives az the terminal, waits
    /// for it, and comes back. Not run off the input loop: nothing else may read the keys.
    case azureCLI(AzureCLIAction)
    /// The PAT lifecycle through the service's API, with the Azure CLI's sign-in: `n` creates a
    /// PAT for the organization and stores it, `R` renews (`days` nil keeps its lifespan) or
    /// rotates the stored one, `X` revokes it.
    case createPAT(OrganizationURL)
    case renewPAT(OrganizationURL, days: Int?)
    case rotatePAT(OrganizationURL)
    case revokePAT(OrganizationURL)
    /// Draw every cell again (Ctrl-L), in case something else wrote on the terminal.
    case redraw
    case quit
}
