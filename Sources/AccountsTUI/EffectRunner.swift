import AccountsUI
import CredentialCore
import CursesShim
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Where effects leave their answers for the input loop, and the pipe whose byte rouses it
/// (signal handlers write to it too). The mailbox owns the pipe: an effect may answer after the
/// screen has closed, and its byte must not land in whatever file has the pipe's number by then
/// (a running logout's temporary file), so writing and closing take the same lock.
final class Mailbox: Sendable {
    private struct State {
        var events: [Event] = []
        var isOpen = true
    }

    private let state = Mutex(State())
    /// Polled by the loop while the mailbox is open.
    let readDescriptor: Int32
    /// For the signal handlers, which cannot take the lock: `Terminal.close` takes them off
    /// before closing the mailbox.
    let writeDescriptor: Int32

    init() throws(CredentialError) {
        var descriptors: [Int32] = [-1, -1]
        guard tui_wake_pipe(&descriptors) == 0 else {
            throw CredentialError(.storage, "Could not set up the screen: pipe failed (errno \(errno)).")
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    func post(_ event: Event) {
        state.withLock { state in
            guard state.isOpen else { return }
            state.events.append(event)
            var byte: UInt8 = 1
            // Non-blocking: a full pipe means the loop is already due to wake.
            _ = write(writeDescriptor, &byte, 1)
        }
    }

    func take() -> [Event] {
        state.withLock { state in
            defer { state.events.removeAll() }
            return state.events
        }
    }

    /// Closes the pipe; later answers are dropped.
    func close() {
        state.withLock { state in
            guard state.isOpen else { return }
            state.isOpen = false
            state.events.removeAll()
            Glibc.close(readDescriptor)
            Glibc.close(writeDescriptor)
        }
    }

    deinit { close() }
}

/// Runs effects off the input loop, each a call into `AccountManager`, and posts the answers.
/// Store and file work (which may wait for the directory lock or the keyring) and network checks
/// never block the screen.
final class EffectRunner: Sendable {
    /// Checks in flight at once for `V`, as `ado-accounts verify --all` does.
    static let concurrency = 8

    private let manager: AccountManager
    private let mailbox: Mailbox

    /// The Azure CLI as the manager's environment finds it (PATH, AZURE_CONFIG_DIR, HOME).
    var azureCLI: AzureCLI { AzureCLI(environment: manager.environment) }

    init(manager: AccountManager, mailbox: Mailbox) {
        self.manager = manager
        self.mailbox = mailbox
    }

    /// The login in flight, for Esc to cancel (one form, so one at a time).
    private let login = Mutex<Task<Void, Never>?>(nil)

    func run(_ effect: Effect) {
        let manager = self.manager
        let mailbox = self.mailbox
        if effect == .cancelLogin {
            login.withLock { $0?.cancel() }
            return
        }
        let task = Task.detached { await Self.perform(effect, with: manager) { mailbox.post($0) } }
        if case .login = effect { login.withLock { $0 = task } }
    }

    /// The one interpreter of effects: the core calls an effect stands for, and the events that
    /// answer it, each handed to `post` as it comes (`V` gives one per organization as its check
    /// ends). The runtime runs it detached and posts to the mailbox; the tests await it. The
    /// runtime's own effects (quit, redraw, az in the foreground) have no answer here. A call
    /// that blocks (the directory lock, the files, the keyring) runs through `Blocking.run`, on a
    /// thread of its own rather than the cooperative pool's.
    static func perform(_ effect: Effect, with manager: AccountManager, post: (Event) -> Void) async {
        switch effect {
        case .load(let generation):
            post(
                await Blocking.run {
                    // The profile is one small file (no az process): read with every listing, so
                    // that r picks up an az login done elsewhere.
                    let azure = AzureCLI(environment: manager.environment).state()
                    let list = result { () throws(CredentialError) in try manager.accounts() }
                    return .loaded(generation: generation, list, azure: azure)
                })
        case .doctor:
            post(
                await Blocking.run {
                    .doctorFinished(
                        result { () throws(CredentialError) in
                            try manager.doctor(fix: false, roundTrip: false)
                        })
                })
        case .move(let key, let target):
            post(
                await Blocking.run {
                    .moveFinished(
                        key, result { () throws(CredentialError) in try manager.move(key, to: target) })
                })
        case .login(let token, let organization, let verify):
            do throws(CredentialError) {
                let login = try await manager.login(token: token, organization: organization, verify: verify)
                post(.loginFinished(.success(login)))
            } catch {
                post(.loginFinished(.failure(error)))
            }
        case .logout(let keys):
            post(
                await Blocking.run {
                    .logoutFinished(result { () throws(CredentialError) in try manager.logout(keys) })
                })
        case .setDefault(let organization):
            post(
                await Blocking.run {
                    .defaultChanged(
                        result { () throws(CredentialError) in
                            try manager.setDefaultOrganization(organization)
                        })
                })
        case .rememberStoreNotice(let notice):
            // Nothing to answer: a note that cannot be written only means the notice comes again.
            _ = await Blocking.run {
                result { () throws(CredentialError) in
                    try manager.remember { $0.shownStoreNotice = notice }
                }
            }
        case .loadProjects(let organization, let generation):
            do throws(CredentialError) {
                post(
                    .projectsLoaded(
                        generation: generation, .success(try await manager.projects(of: organization))))
            } catch {
                post(.projectsLoaded(generation: generation, .failure(error)))
            }
        case .setDefaultProject(let organization, let project):
            post(
                await Blocking.run {
                    .defaultChanged(
                        result { () throws(CredentialError) in
                            try manager.setDefaultOrganization(organization, project: project)
                        })
                })
        case .verify(let organizations):
            var checks: [AccountManager.Check] = []
            if organizations.count == 1 {
                checks.append(await manager.check(organizations[0]))
                post(.checked(checks[0]))
            } else {
                for await check in manager.checkAll(organizations, concurrency: concurrency) {
                    checks.append(check)
                    post(.checked(check))
                }
            }
            // One change for the whole batch, once every answer is on the screen.
            let answers = checks
            let warning = await Blocking.run { manager.remember(answers) }
            if let warning { post(.checksNotRemembered(warning)) }
        case .verifyDefaultCredential(let organization):
            let check = await manager.checkDefaultCredential(against: organization)
            post(.checkedDefaultCredential(check))
            let warning = await Blocking.run { manager.remember([check]) }
            if let warning { post(.checksNotRemembered(warning)) }
        case .createPAT(let organization), .renewPAT(let organization, _), .rotatePAT(let organization),
            .revokePAT(let organization):
            post(
                .patFinished(
                    organization,
                    await awaited { () async throws(CredentialError) in
                        try await patOutcome(effect, with: manager)
                    }))
        case .cancelLogin, .redraw, .quit, .azureCLI:
            break  // the runtime's own
        }
    }

    private static func result<T>(_ body: () throws(CredentialError) -> T) -> Result<T, CredentialError> {
        do {
            return .success(try body())
        } catch {
            return .failure(error)
        }
    }

    /// The PAT lifecycle call an effect stands for: the token's entry comes back, never its value.
    private static func patOutcome(_ effect: Effect, with manager: AccountManager)
        async throws(CredentialError)
        -> PATOutcome
    {
        switch effect {
        case .createPAT(let organization):
            return .created(
                try await manager.createPAT(organization: organization, name: nil, scopes: [], days: nil))
        case .renewPAT(let organization, let days):
            return .renewed(try await manager.renewPAT(organization: organization, days: days))
        case .rotatePAT(let organization):
            return .rotated(try await manager.rotatePAT(organization: organization, days: nil))
        case .revokePAT(let organization):
            let (token, logout, alreadyGone) = try await manager.revokePAT(organization: organization)
            return .revoked(token, logout, alreadyGone: alreadyGone)
        default:
            preconditionFailure("not a PAT lifecycle effect: \(effect)")
        }
    }

    private static func awaited<T>(_ body: () async throws(CredentialError) -> T) async
        -> Result<T, CredentialError>
    {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }
}
