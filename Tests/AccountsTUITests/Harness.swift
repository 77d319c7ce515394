import CredentialCore
import Foundation
import Synchronization
import TestSupport

@testable import AccountsTUI
@testable import AccountsUI

/// Answers verification from a table, as an organization would; no network.
final class StubVerifier: TokenVerifier {
    private let answers = Mutex<[String: VerificationResult]>([:])
    private let accepted = Mutex<[String: Identity]>([:])

    /// Every organization accepts `token` and names `identity`.
    func accept(_ token: String, as name: String) {
        accepted.withLock { $0[token] = Identity(displayName: name, id: "id-\(name)") }
    }

    /// What this organization answers, whatever the token.
    func answer(_ organization: String, _ result: VerificationResult) {
        answers.withLock { $0[organization] = result }
    }

    func verify(_ token: PersonalAccessToken, for organization: OrganizationURL) async -> VerificationResult {
        if let fixed = answers.withLock({ $0[organization.canonicalURL] }) { return fixed }
        if let identity = accepted.withLock({ $0[token.revealed] }) { return .valid(identity) }
        return .rejected(reason: "HTTP 401: the token was not accepted")
    }
}

/// An in-memory store that calls itself the keyring, for moves between "the keyring" and the
/// file without a Secret Service.
func keyringStandIn() -> InMemoryCredentialStore {
    InMemoryCredentialStore(kind: .keyring, location: "test keyring")
}

/// A config directory, an in-memory store and a manager on them: the real core, without a
/// keyring or the network. PATH is an empty directory and the Azure CLI's config directory a
/// fresh one, so that az is "not installed" and nobody signed in, whatever the machine has,
/// unless a test puts a scripted az there.
final class Fixture: @unchecked Sendable {
    let directory: TemporaryDirectory
    let store = InMemoryCredentialStore()
    let verifier = StubVerifier()
    let manager: AccountManager

    init(
        environment extra: [String: String] = [:], stores: ((String) -> [any CredentialStore])? = nil,
        writeKind: StoreKind? = nil, tokenVerifier: (any TokenVerifier)? = nil
    ) throws {
        directory = try TemporaryDirectory("ado-tui")
        let environment = Environment(
            [
                "AZURE_DEVOPS_EXT_CONFIG_DIR": directory.appending("cfg"), "HOME": directory.path,
                "PATH": directory.appending("no-az"), "AZURE_CONFIG_DIR": directory.appending("azure"),
            ].merging(extra) { $1 })
        var manager = AccountManager(
            environment: environment, stores: stores?(directory.appending("cfg")) ?? [store],
            verifier: tokenVerifier ?? verifier, writeKind: writeKind)
        // Records carry times and the screen their ages: fixed, so that frames are the same on every run.
        manager.now = { Fixture.now }
        self.manager = manager
    }

    static let now = Timestamp.parse("2026-12-06T22:00:00Z")!

    var configFile: String { directory.appending("cfg/config") }

    /// Writes what earlier runs would have remembered about these organizations' tokens.
    func remember(_ records: [String: CredentialRecord]) throws {
        let keyed = try records.map { (try OrganizationURL($0.key).key, $0.value) }
        try manager.remember { memory in
            for (key, record) in keyed { memory[credential: key] = record }
        }
    }

    /// Stores tokens without checking them, as another process (az) might.
    func seed(_ organizations: [String], defaultCredential: Bool = false) async throws {
        for name in organizations {
            _ = try await manager.login(
                token: PersonalAccessToken("pat-\(name)"), organization: OrganizationURL(name), verify: false)
        }
        if defaultCredential {
            _ = try await manager.login(
                token: PersonalAccessToken("pat-default"), organization: nil, verify: false)
        }
    }

    /// Many organizations at once, written the way the core writes them (the index and the
    /// store), without one transaction each.
    func seedMany(_ names: [String]) throws {
        var index = ""
        for name in names {
            let key = try OrganizationURL(name).key
            try store.store(PersonalAccessToken("pat-\(name)"), for: key)
            index += key.rawValue + "\n"
        }
        try FileSnapshot.write(index, to: directory.appending("cfg/organization_list"))
    }

    func session(width: Int = 80, height: Int = 24, glyphs: Glyphs = .unicode) async -> Session {
        var session = Session(fixture: self, size: Size(width: width, height: height), glyphs: glyphs)
        await session.settle()
        return session
    }
}

/// The TUI without a terminal: events go through `update`, effects run against the fixture's
/// manager (or wait, when a test wants to deliver their answers itself), and every frame is kept.
struct Session {
    let fixture: Fixture
    private(set) var model: Model
    /// Effects not yet run, oldest first.
    private(set) var pending: [Effect] = []
    /// Every effect `update` asked for, in order.
    private(set) var effects: [Effect] = []
    /// The frame after every event.
    private(set) var frames: [Frame] = []

    init(fixture: Fixture, size: Size, glyphs: Glyphs) {
        self.fixture = fixture
        let (model, effects) = Model.start(
            size: size, glyphs: glyphs, storeNotice: fixture.manager.storeNotice)
        self.model = model
        self.pending = effects
        self.effects = effects
        frames = [view(model)]
    }

    var frame: Frame { frames.last! }
    var screen: String { frame.text }

    /// Feeds an event without running the effects it asks for.
    mutating func send(_ event: Event) {
        let (next, new) = update(model, event)
        model = next
        pending += new
        effects += new
        frames.append(view(model))
    }

    mutating func press(_ keys: Key...) {
        for key in keys { send(.key(key)) }
    }

    mutating func type(_ text: String) {
        for character in text { send(.key(.character(character))) }
    }

    /// Opens the login form and fills it in, without submitting it.
    mutating func fillLoginForm(organization: String, token: String) {
        press("a")
        type(organization)
        press(.tab)
        type(token)
    }

    /// Removes and returns the effects waiting to run.
    mutating func takePending() -> [Effect] {
        defer { pending = [] }
        return pending
    }

    /// Runs waiting effects against the fixture's manager and feeds their answers back, until
    /// none is left.
    mutating func settle() async {
        while !pending.isEmpty {
            let effect = pending.removeFirst()
            for event in await Self.perform(effect, fixture.manager) { send(event) }
        }
    }

    mutating func pressAndSettle(_ keys: Key...) async {
        for key in keys { send(.key(key)) }
        await settle()
    }

    /// The runtime's interpreter, collecting its answers instead of posting them. The runtime's
    /// own effects (az runs in the terminal) answer nothing: tests deliver az's answer themselves.
    static func perform(_ effect: Effect, _ manager: AccountManager) async -> [Event] {
        var events: [Event] = []
        await EffectRunner.perform(effect, with: manager) { events.append($0) }
        return events
    }
}

extension Model {
    var currentName: String? { currentRow.map(Names.table) }
}

func key(_ organization: String) throws -> CredentialKey {
    try OrganizationURL(organization).key
}

extension String {
    func occurrences(of text: String) -> Int {
        ranges(of: text).count
    }
}
