import CredentialCore

/// Everything the screen shows, as a value: `update` makes the next one from an event, `view`
/// draws one. Nothing in it touches a terminal, a store or the network.
public struct Model: Sendable {
    public internal(set) var size: Size { didSet { refreshBanners() } }
    public let glyphs: Glyphs
    /// Why the keyring is not in use, when the store selection says (a banner).
    public let storeNotice: String?
    /// The notice is new (its cause was not shown before): a banner this session. Decided with
    /// the first listing, which carries what was shown before; after that the title's store
    /// name says where tokens go.
    var showsStoreNotice = false { didSet { refreshBanners() } }
    /// For showing paths as `~/…`.
    public let homeDirectory: String?

    // The listing, as the core last reported it.
    public internal(set) var list: AccountList? { didSet { refreshBanners() } }
    public internal(set) var loadError: String?
    public internal(set) var isLoading = false
    var loadGeneration = 0
    /// Say how many rows a reload found (only for reloads the person asked for).
    var announcesNextLoad = false
    /// Measured once per listing, so that no frame and no key press walks every row: the
    /// number of organizations, the widest organization name, the widest identity.
    public internal(set) var organizationCount = 0
    var nameWidth = 0
    /// The widest with Azure DevOps Services organizations by their bare name.
    var compactNameWidth = 0
    var identityWidth = 0
    /// Display names two rows share with different e-mails: IDENTITY shows those rows' e-mails.
    var ambiguousNames: Set<String> = []
    /// Whether any row's token has a known expiry (the EXPIRES column).
    var knowsExpiry = false
    /// The widest remembered state ("valid, 2 h ago").
    var stateWidth = 0
    /// The widest STORE label ("keyring+file" where a token is in both).
    var storeWidth = 0

    /// Who the Azure CLI is signed in as, read with each listing; nil before the first.
    public internal(set) var azure: AzureCLIState?
    /// The Azure DevOps git remote of the directory the manager was opened in, which az devops
    /// uses before the default organization there.
    public package(set) var repository: RepositoryContext?

    /// What the last `doctor` found, for the banner; nil before its first answer.
    public internal(set) var doctor: DoctorReport? { didSet { refreshBanners() } }
    /// Why `doctor` could not run, when it could not.
    public internal(set) var doctorError: String? { didSet { refreshBanners() } }
    /// One run at a time: a listing that arrives while one runs asks for another afterwards.
    var doctorInFlight = false
    var doctorIsStale = false

    /// Indices into `list.rows` that pass the filter, in order.
    public internal(set) var visible: [Int] = []
    /// Index into `visible`.
    public internal(set) var cursor = 0
    /// The first index of `visible` on screen.
    public internal(set) var top = 0
    /// Where the cursor goes once the next listing arrives (a new login).
    var pendingSelection: CredentialKey?

    public internal(set) var marked: Set<CredentialKey> = []
    public internal(set) var checks: [CredentialKey: RowCheck] = [:]
    var checksInFlight = 0
    var tally = CheckTally()
    var operationsInFlight = 0
    /// Numbers each project picker's request (see `ProjectPicker.generation`).
    var projectGeneration = 0
    /// Logins whose check Esc cancelled: their answer is still to come.
    var cancelledLogins = 0

    public internal(set) var filter = Filter()
    public internal(set) var overlay: Overlay?
    public internal(set) var status: Status?
    public internal(set) var spinnerFrame = 0

    public init(size: Size, glyphs: Glyphs, storeNotice: String? = nil, homeDirectory: String? = nil) {
        self.size = size
        self.glyphs = glyphs
        self.storeNotice = storeNotice
        self.homeDirectory = homeDirectory
        refreshBanners()
    }

    /// The first model and what to do at once: read the listing.
    public static func start(
        size: Size, glyphs: Glyphs, storeNotice: String? = nil, homeDirectory: String? = nil
    ) -> (Model, [Effect]) {
        var model = Model(size: size, glyphs: glyphs, storeNotice: storeNotice, homeDirectory: homeDirectory)
        let load = model.beginLoad()
        return (model, [load])
    }

    /// Whether something is in flight, so that the spinner needs ticks.
    public var isBusy: Bool {
        isLoading || operationsInFlight > 0 || checksInFlight > 0 || loginForm?.isSubmitting == true
            || projectPicker?.isLoading == true || cancelledLogins > 0
    }

    public var rows: [AccountList.Row] { list?.rows ?? [] }

    public var currentRow: AccountList.Row? {
        guard let list, cursor >= 0, cursor < visible.count else { return nil }
        return list.rows[visible[cursor]]
    }

    func row(atVisible index: Int) -> AccountList.Row {
        list!.rows[visible[index]]
    }

    var loginForm: LoginForm? {
        if case .login(let form) = overlay { return form }
        return nil
    }

    var layout: Layout {
        Layout(size: size, bannerLines: bannerLines.count, hasAzureLine: showsAzureLine)
    }

    /// The Azure CLI line under the title: always once the profile has been read, except when
    /// az is not installed and nobody is signed in, which only tall screens (20 rows or more)
    /// have room to say.
    var showsAzureLine: Bool {
        guard let azure else { return false }
        return azure.isInstalled || azure.isSignedIn || size.height >= 20
    }

    /// The banners as screen lines, kept up to date by the properties they are made of: the
    /// layout needs them on every key, and wording them (doctor's findings) is not cheap.
    private(set) var bannerLines: [String] = []

    private mutating func refreshBanners() { bannerLines = wrappedBanners }

    /// Each banner wraps onto a second line when the screen is tall enough for 3 lines of them;
    /// a short screen gets one line. A banner with shorter wordings takes the first that fits;
    /// the fullest may be cut when it begins with the second and that part fits whole. What does
    /// not fit ends in an ellipsis and a count of the notices left out.
    private var wrappedBanners: [String] {
        let banners = self.bannerWordings
        guard !banners.isEmpty, size.width >= Layout.minimum.width else { return [] }
        let room = size.height >= 20 ? 3 : 1
        let width = size.width - 3
        var lines: [String] = []
        var shown = 0
        for wordings in banners {
            guard lines.count < room else { break }
            let allowed = min(room == 1 ? 1 : 2, room - lines.count)
            var wrapped = Text.wrap(wordings[0], width)
            for (index, wording) in wordings.enumerated() {
                wrapped = Text.wrap(wording, width)
                if wrapped.count <= allowed { break }
                if index == 0, wordings.count > 1, wording.hasPrefix(wordings[1]),
                    Text.wrap(wordings[index + 1], width).count <= allowed
                {
                    break
                }
            }
            if wrapped.count > allowed {
                wrapped = Array(wrapped.prefix(allowed))
                wrapped[allowed - 1] = Text.fit(
                    wrapped[allowed - 1] + " " + glyphs.ellipsis, width, ellipsis: glyphs.ellipsis)
            }
            for (index, line) in wrapped.enumerated() { lines.append((index == 0 ? " ! " : "   ") + line) }
            shown += 1
        }
        if shown < banners.count, let last = lines.popLast() {
            lines.append(
                Text.fit(last, size.width - 15, ellipsis: glyphs.ellipsis)
                    + " (+\(banners.count - shown) more: b)")
        }
        return lines
    }

    /// One line each, above the list: what overrides or endangers the stored tokens.
    public var banners: [String] { bannerWordings.map { $0[0] } }

    /// Each banner's wordings, the fullest first.
    var bannerWordings: [[String]] {
        var banners: [[String]] = []
        if let storeNotice, showsStoreNotice {
            banners.append([storeNotice + " " + Self.fileStoreForGood, storeNotice])
        }
        if let notice = list?.environmentOverrideNotice { banners.append([notice]) }
        banners += (list?.warnings ?? []).map { [$0] }
        if let doctorBanner { banners.append(doctorBanner) }
        return banners.map { $0.map { Printable.sanitized($0, limit: 400) } }
    }

    /// What `doctor` found, worded from the fullest to one that fits 40 columns; nil when the
    /// stores are in order.
    var doctorBanner: [String]? {
        if let doctorError { return ["Could not check the stores for problems: \(doctorError)"] }
        guard let doctor, !doctor.isHealthy else { return nil }
        let open = doctor.remaining
        let problems = Names.count(open.count, "problem")
        let command = "ado-accounts doctor" + (open.contains(where: \.isFixable) ? " --fix" : "")
        let more = open.count > 1 ? " (and \(open.count - 1) more)" : ""
        return [
            "\(problems) with the stored tokens: run '\(command)'. \(open[0].message)\(more)",
            "\(problems) with the stored tokens: run '\(command)'.",
            "\(problems): run \(command)",
            "\(problems): run ado-accounts doctor",
        ]
    }

    static let fileStoreForGood =
        "To choose the file store for good, set ADO_ACCOUNTS_STORE=file (or pass --store file)."

    mutating func beginLoad() -> Effect {
        loadGeneration += 1
        isLoading = true
        return .load(generation: loadGeneration)
    }
}

/// A row's verification state.
public enum RowCheck: Equatable, Sendable {
    case checking
    case finished(AccountManager.Check.Outcome)

    /// The words the state column uses: valid, rejected, unreachable, checking; unknown is no check.
    var label: String {
        switch self {
        case .checking: "checking"
        case .finished(.verified(let result, _)):
            switch result {
            case .valid: "valid"
            case .expired: "expired"
            case .rejected: "rejected"
            case .unreachable, .unexpected: "unreachable"
            }
        case .finished(.noToken): "no token"
        case .finished(.failed): "error"
        }
    }

    var identity: Identity? {
        if case .finished(.verified(.valid(let identity), _)) = self { return identity }
        return nil
    }

    /// Why it is not valid, in the service's or the store's words.
    var reason: String? {
        switch self {
        case .checking: nil
        case .finished(.verified(let result, _)): result.reason
        case .finished(.noToken): "no token: neither its own PAT, the default credential nor a PAT variable"
        case .finished(.failed(let error)): error.screenText
        }
    }
}

/// Counts the answers of a `V` so that the last one can sum them up.
struct CheckTally: Equatable, Sendable {
    var total = 0
    var counts: [String: Int] = [:]
}

public struct Filter: Equatable, Sendable {
    var field = TextField()
    /// Typing goes to the filter.
    public internal(set) var isEditing = false

    public var text: String { field.text }
    public var isActive: Bool { !field.isEmpty }
}

public enum Overlay: Sendable {
    case help(scroll: Int)
    case login(LoginForm)
    case confirmLogout(LogoutConfirmation)
    /// `O`: sign out of the Azure CLI?
    case confirmAzureLogout(AzureLogoutConfirmation)
    /// `p`: the organization's projects, to choose the default one.
    case projects(ProjectPicker)
    /// `b`: the banners in full.
    case notices(scroll: Int)
    /// `R`: renew or rotate the row's PAT?
    case choosePATChange(PATTarget)
    /// `X`: revoke the row's PAT?
    case confirmPATRevoke(PATTarget)
}

/// The question before `az logout`: who is signed out, and who stays signed in (az logout
/// signs out the current account only).
public struct AzureLogoutConfirmation: Equatable, Sendable {
    /// The account az logout signs out, as the Azure CLI line shows it.
    public let account: String
    /// Other accounts that stay signed in.
    public let others: [String]
}

/// The add / log in form.
public struct LoginForm: Sendable {
    public enum Field: Sendable { case organization, token }

    /// Where a submitted token goes: an organization (as shown), or the default credential.
    public enum Destination: Sendable, Equatable {
        case organization(String)
        case defaultCredential
    }

    var organization = TextField()
    var token = SecretField()
    public internal(set) var focus = Field.organization
    /// Ctrl-R: show "(hidden: N characters)" instead of one mask character per character.
    public internal(set) var showsLengthOnly = false
    /// Where the token goes while the login runs; nil while editing.
    public internal(set) var submittingTo: Destination?
    /// Why the last attempt failed.
    public internal(set) var error: String?
    /// Ctrl-N: store the token without checking it (a server that cannot be reached from here).
    public internal(set) var skipsCheck = false
    /// The organization is the row's, filled in by `a`: the first character typed replaces it.
    var organizationIsPrefilled = false

    var isSubmitting: Bool { submittingTo != nil }
    public var tokenLength: Int { token.count }
    public var organizationText: String { organization.text }
}

/// The question asked before logging out, with the core's account of what it will do.
public struct LogoutConfirmation: Sendable {
    public let consequences: LogoutConsequences
    /// Display names of the removed keys, in order.
    let names: [String]
    /// The first name shown, when they do not all fit (↑↓).
    public internal(set) var scroll = 0
}

public struct Status: Equatable, Sendable {
    public enum Tone: Sendable { case info, success, warning, error }
    public let text: String
    public let tone: Tone

    init(_ text: String, _ tone: Tone = .info) {
        self.text = text
        self.tone = tone
    }
}

/// Where each part of the screen goes for a size. Shared by `view` and by `update`, which needs
/// the list's height to page and scroll and to map a click to a row.
struct Layout: Equatable {
    static let minimum = Size(width: 40, height: 10)

    let size: Size
    let isTooSmall: Bool
    /// The Azure CLI's sign-in, on the line under the title.
    let azureLineY: Int?
    let bannerTop: Int
    let bannerLines: Int
    let headerY: Int
    let listTop: Int
    let listHeight: Int
    let footerTop: Int
    /// Tall screens give the status its own line; short ones share a line with the details.
    let hasStatusLine: Bool

    init(size: Size, bannerLines: Int, hasAzureLine: Bool = false) {
        self.size = size
        isTooSmall = size.width < Self.minimum.width || size.height < Self.minimum.height
        hasStatusLine = size.height >= 14
        azureLineY = hasAzureLine ? 1 : nil
        bannerTop = hasAzureLine ? 2 : 1
        self.bannerLines = min(bannerLines, size.height >= 20 ? 3 : 1)
        headerY = bannerTop + self.bannerLines
        listTop = headerY + 1
        footerTop = size.height - (hasStatusLine ? 3 : 2)
        listHeight = max(1, footerTop - listTop)
    }
}
