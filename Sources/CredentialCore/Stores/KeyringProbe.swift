import SecretShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether the Secret Service can hold tokens right now, decided before any token is asked for
/// (a locked or missing collection makes look-ups return nothing without an error, so failures
/// of later calls are not a usable signal).
public enum KeyringProbe {
    public enum Outcome: Sendable, Equatable {
        case available
        /// No session bus: D-Bus was not touched and libsecret was not loaded.
        case noSessionBus
        case noLibrary(String)
        case noService(String)
        case noDefaultCollection
        case locked(String)
        case timedOut
        case failed(String)

        public var isAvailable: Bool { self == .available }

        /// Why the keyring cannot be used, for people; nil when it can.
        public var explanation: String? {
            switch self {
            case .available: nil
            case .noSessionBus: "there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
            case .noLibrary(let detail): "libsecret cannot be loaded (\(detail))"
            case .noService(let detail): "no Secret Service answers on the session bus (\(detail))"
            case .noDefaultCollection: "the Secret Service has no default keyring"
            case .locked(let detail):
                detail.hasPrefix("the default keyring") ? detail : "the default keyring is locked (\(detail))"
            case .timedOut:
                "the Secret Service did not answer within \(KeyringProbe.timeoutMilliseconds / 1000) s"
            case .failed(let detail): "the Secret Service failed (\(detail))"
            }
        }
    }

    /// How long the service has to answer the probe.
    public static let timeoutMilliseconds = 2000
    /// How long a person has to answer the desktop's unlock prompt. Without a prompter (no
    /// desktop), gnome-keyring refuses at once, so this only matters when someone is asked.
    public static let unlockTimeoutMilliseconds = 60_000

    /// Whether a session bus can be reached without autolaunching one. GLib falls back to
    /// `$XDG_RUNTIME_DIR/bus` and then to X11 autolaunch; autolaunch would start a private bus
    /// (and possibly an empty keyring) that outlives the command, so it is never used.
    public static func hasSessionBus(_ environment: Environment) -> Bool {
        if environment.nonEmpty("DBUS_SESSION_BUS_ADDRESS") != nil { return true }
        guard let runtime = environment.nonEmpty("XDG_RUNTIME_DIR") else { return false }
        var status = stat()
        return stat(ConfigDirectory.join(runtime, "bus"), &status) == 0 && status.st_mode & S_IFMT == S_IFSOCK
    }

    /// Probes once. `unlock` asks the service to unlock a locked default collection (a prompt).
    public static func probe(environment: Environment, unlock: Bool) -> Outcome {
        guard hasSessionBus(environment) else { return .noSessionBus }
        var result = ado_secret_result()
        let status = ado_secret_probe(
            timeoutMilliseconds, unlock ? unlockTimeoutMilliseconds : 0, &result)
        return outcome(status, message: SecretService.message(of: result))
    }

    static func outcome(_ status: ado_secret_status, message: String) -> Outcome {
        switch status {
        case ADO_SECRET_OK: .available
        case ADO_SECRET_NO_LIBRARY: .noLibrary(message)
        case ADO_SECRET_NO_BUS: .noService(message)
        case ADO_SECRET_NO_SERVICE: .noService(message)
        case ADO_SECRET_NO_COLLECTION: .noDefaultCollection
        case ADO_SECRET_LOCKED: .locked(message)
        case ADO_SECRET_TIMEOUT: .timedOut
        default: .failed(message)
        }
    }
}
