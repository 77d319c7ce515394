import AccountsUI
import CredentialCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Where effects leave their answers for the input loop, which a byte on the wake pipe rouses.
final class Mailbox: Sendable {
    private let events = Mutex<[Event]>([])
    private let wakeDescriptor: Int32

    init(wakeDescriptor: Int32) {
        self.wakeDescriptor = wakeDescriptor
    }

    func post(_ event: Event) {
        events.withLock { $0.append(event) }
        var byte: UInt8 = 1
        // Non-blocking: a full pipe means the loop is already due to wake.
        _ = write(wakeDescriptor, &byte, 1)
    }

    func take() -> [Event] {
        events.withLock { events in
            defer { events.removeAll() }
            return events
        }
    }
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

    func run(_ effect: Effect) {
        let manager = self.manager
        let mailbox = self.mailbox
        Task.detached { await Self.perform(effect, with: manager) { mailbox.post($0) } }
    }

    /// The one interpreter of effects: the core calls an effect stands for, and the events that
    /// answer it, each handed to `post` as it comes (`V` gives one per organization as its check
    /// ends). The runtime runs it detached and posts to the mailbox; the tests await it. The
    /// runtime's own effects (quit, redraw, az in the foreground) have no answer here.
    static func perform(_ effect: Effect, with manager: AccountManager, post: (Event) -> Void) async {
        switch effect {
        case .load(let generation):
            // The profile is one small file (no az process): read with every listing, so that r
            // picks up an az login done elsewhere.
            let azure = AzureCLI(environment: manager.environment).state()
            let list = result { () throws(CredentialError) in try manager.accounts() }
            post(.loaded(generation: generation, list, azure: azure))
        case .doctor:
            let report = result { () throws(CredentialError) in
                try manager.doctor(fix: false, roundTrip: false)
            }
            post(.doctorFinished(report))
        case .move(let key, let target):
            let report = result { () throws(CredentialError) in try manager.move(key, to: target) }
            post(.moveFinished(key, report))
        case .login(let token, let organization):
            do throws(CredentialError) {
                let login = try await manager.login(token: token, organization: organization, verify: true)
                post(.loginFinished(.success(login)))
            } catch {
                post(.loginFinished(.failure(error)))
            }
        case .logout(let keys):
            post(.logoutFinished(result { () throws(CredentialError) in try manager.logout(keys) }))
        case .setDefault(let organization):
            let change = result { () throws(CredentialError) in
                try manager.setDefaultOrganization(organization)
            }
            post(.defaultChanged(change))
        case .verify(let organizations):
            if organizations.count == 1 {
                post(.checked(await manager.check(organizations[0])))
                return
            }
            for await check in manager.checkAll(organizations, concurrency: concurrency) {
                post(.checked(check))
            }
        case .redraw, .quit, .azureCLI:
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
}
