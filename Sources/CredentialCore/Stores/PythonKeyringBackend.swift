#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The backend python-keyring is configured with, and so where az devops keeps its tokens.
///
/// az devops calls `keyring.core.init_backend` with a limit to keyring's own backends, but the
/// limit only filters keyring's own choice: `PYTHON_KEYRING_BACKEND`, then `default-keyring` in
/// the `[backend]` section of `keyringrc.cfg`, win over it. az writes the file whenever a keyring
/// call raises, and reads the file whenever the keyring gives nothing, so:
/// - the fail backend (raises on every call) and the null backend (stores nothing, finds nothing)
///   leave az's tokens in the file;
/// - SecretService and libsecret are the keyring ado-accounts uses;
/// - any other backend (kwallet, keyrings.alt, …) is a store ado-accounts does not see.
/// Without a configuration, keyring picks the Secret Service when one answers (the probe).
public struct PythonKeyringBackend: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The Secret Service: the keyring ado-accounts reads and writes.
        case secretService
        /// No keyring at all: az devops keeps its tokens in the file.
        case none
        /// A store ado-accounts does not read or write.
        case other
    }

    /// The class name as configured, e.g. `keyring.backends.fail.Keyring`.
    public let name: String
    /// `PYTHON_KEYRING_BACKEND`, or the path of the `keyringrc.cfg` that names it.
    public let origin: String
    public let kind: Kind

    public static let environmentVariable = "PYTHON_KEYRING_BACKEND"

    /// What python-keyring would load for az, or nil when it is not configured (keyring then
    /// chooses for itself). Reads at most two small files; nothing when the variable is set.
    public static func configured(environment: Environment) -> PythonKeyringBackend? {
        if let name = environment.nonEmpty(environmentVariable) {
            return classify(name, origin: environmentVariable)
        }
        for path in configFiles(environment) {
            // keyring reads the first file that exists, through links (dotfiles are often links),
            // whoever owns it; one it cannot read, or without the option, means "choose".
            var status = stat()
            guard stat(path, &status) == 0 else { continue }
            guard let bytes = readFollowingLinks(path) else { return nil }
            let value = INIDocument(parsing: bytes).value(section: "backend", option: "default-keyring")
            guard let name = value, !name.isEmpty else { return nil }
            return classify(name, origin: path)
        }
        return nil
    }

    /// A configuration file, not a secret: links are followed, as Python follows them. Within
    /// the size limit, and only a regular file (a FIFO would hang the run).
    private static func readFollowingLinks(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return try? SecureFile.readAll(descriptor, size: Int(status.st_size), path: path)
    }

    /// Where keyring looks for `keyringrc.cfg`: `$XDG_CONFIG_HOME/python_keyring`, else
    /// `~/.config/python_keyring` (keyring 21.3 and later) and `~/.local/share/python_keyring`
    /// (earlier versions, such as the keyring~=17.1.1 that az devops installs for itself when
    /// its Python has none), the first that exists.
    static func configFiles(_ environment: Environment) -> [String] {
        let name = "python_keyring/keyringrc.cfg"
        if let root = environment.nonEmpty("XDG_CONFIG_HOME") { return [ConfigDirectory.join(root, name)] }
        let home = environment.homeDirectory
        return [
            ConfigDirectory.join(home, ".config/" + name), ConfigDirectory.join(home, ".local/share/" + name),
        ]
    }

    /// The chainer tries keyring's own backends in keyring's order (az's limit applies to it): the
    /// same as no configuration.
    static func classify(_ name: String, origin: String) -> PythonKeyringBackend? {
        switch name {
        case "keyring.backends.chainer.ChainerBackend":
            return nil
        case "keyring.backends.SecretService.Keyring", "keyring.backends.libsecret.Keyring":
            return PythonKeyringBackend(name: name, origin: origin, kind: .secretService)
        case "keyring.backends.fail.Keyring", "keyring.backends.null.Keyring":
            return PythonKeyringBackend(name: name, origin: origin, kind: .none)
        default:
            return PythonKeyringBackend(name: name, origin: origin, kind: .other)
        }
    }

    /// "keyring.backends.fail.Keyring (PYTHON_KEYRING_BACKEND)", for messages.
    public var described: String {
        "\(Printable.sanitized(name, limit: 120)) (\(Printable.sanitized(origin)))"
    }
}
