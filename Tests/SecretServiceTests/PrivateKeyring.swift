import CredentialCore
import Foundation
import TestSupport

/// A D-Bus session bus and an unlocked gnome-keyring of its own, in throw-away directories, for
/// one test: tests that lock the keyring, kill its daemon or count its items cannot disturb
/// each other, and nothing reaches the keyring of the person running the tests.
final class PrivateKeyring: @unchecked Sendable {
    let root: TemporaryDirectory
    let busAddress: String
    let busPID: pid_t
    private(set) var daemonPID: pid_t
    /// Every daemon started, as children of this process, so that none outlives the test.
    private var daemons: [ChildProcess] = []

    /// Environment for the bus, the daemon, ado-accounts and python: nothing from outside but PATH.
    var environment: [String: String] {
        [
            "PATH": inheritedPath, "HOME": root.appending("home"), "LANG": "C.UTF-8",
            "XDG_DATA_HOME": root.appending("data"), "XDG_CONFIG_HOME": root.appending("config"),
            "XDG_CACHE_HOME": root.appending("cache"), "XDG_RUNTIME_DIR": root.appending("runtime"),
            "DBUS_SESSION_BUS_ADDRESS": busAddress,
        ]
    }

    var configDirectory: String { root.appending("home/.azure/azuredevops") }
    var tokenFile: String { configDirectory + "/personalAccessTokens" }
    var indexFile: String { configDirectory + "/organization_list" }
    var configFile: String { configDirectory + "/config" }

    init() throws {
        root = try TemporaryDirectory("ado-keyring")
        for name in ["home", "data", "config", "cache", "runtime"] { mkdir(root.appending(name), 0o700) }
        let base = [
            "PATH": inheritedPath, "HOME": root.appending("home"), "XDG_DATA_HOME": root.appending("data"),
            "XDG_RUNTIME_DIR": root.appending("runtime"),
        ]
        // --fork returns once the bus listens; the first two lines are its address and pid.
        let bus = try ChildProcess.run(
            ["dbus-daemon", "--session", "--fork", "--nopidfile", "--print-address=1", "--print-pid=1"],
            environment: base)
        let lines = bus.standardOutput.split(separator: "\n").map(String.init)
        guard bus.status == 0, lines.count >= 2, let pid = pid_t(lines[1]) else {
            throw TestSupportError("dbus-daemon did not start: \(bus.output)")
        }
        busAddress = lines[0]
        busPID = pid
        daemonPID = 0
        try startDaemon(replacing: false)
    }

    deinit {
        for daemon in daemons {
            daemon.kill(SIGKILL)
            daemon.wait()
        }
        kill(busPID, SIGTERM)
    }

    /// Starts (or, with `replacing`, restarts) gnome-keyring with an empty password, which
    /// creates or unlocks the login keyring (it needs the line on stdin for that). It runs in
    /// the foreground as our child, so its pid is known and it is always ended with the test.
    func startDaemon(replacing: Bool) throws {
        var argv = ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"]
        if replacing { argv.append("--replace") }
        let daemon = try ChildProcess(argv, environment: environment, standardInput: Array("\n".utf8))
        daemons.append(daemon)
        try Patience.wait("gnome-keyring-daemon to take org.freedesktop.secrets on the test bus") {
            (try? ownerOfSecretsName()) == daemon.pid
        }
        daemonPID = daemon.pid
        try Patience.wait("gnome-keyring-daemon to name its default keyring") {
            SecretServiceReadiness.isReady(environment: environment)
        }
    }

    /// The pid of whatever owns org.freedesktop.secrets on this bus.
    func ownerOfSecretsName() throws -> pid_t {
        let reply = try ChildProcess.run(
            [
                "dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.GetConnectionUnixProcessID", "string:org.freedesktop.secrets",
            ], environment: environment)
        guard reply.status == 0, let last = reply.standardOutput.split(separator: " ").last,
            let pid = pid_t(last.trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw TestSupportError("no owner of org.freedesktop.secrets: \(reply.output)") }
        return pid
    }

    /// Kills the daemon and waits until it has exited.
    func killDaemon() {
        for daemon in daemons where daemon.pid == daemonPID {
            daemon.kill(SIGKILL)
            daemon.wait()
        }
        daemonPID = 0
    }

    // MARK: - Running things against it

    @discardableResult
    func ado(_ arguments: String..., input: String? = nil, environment extra: [String: String] = [:]) throws
        -> ChildProcess.Result
    {
        try ado(arguments, input: input, environment: extra)
    }

    @discardableResult
    func ado(_ arguments: [String], input: String? = nil, environment extra: [String: String] = [:]) throws
        -> ChildProcess.Result
    {
        try ChildProcess.run(
            [adoAccountsBinary] + arguments, environment: environment.merging(extra) { $1 },
            standardInput: input.map { Array($0.utf8) })
    }

    /// Runs Python (the venv with keyring and SecretStorage) on this bus; `arguments` become sys.argv[1...].
    func python(_ script: String, _ arguments: String...) throws -> ChildProcess.Result {
        guard let python = PythonKeyring.path else {
            throw TestSupportError("python-keyring is not installed")
        }
        return try ChildProcess.run([python, "-c", script] + arguments, environment: environment)
    }

    /// python-keyring's get_password, as az reads a PAT; nil when it returns None.
    func keyringGet(_ key: String) throws -> String? {
        let result = try python(
            """
            import sys, keyring
            value = keyring.get_password(sys.argv[1], "Personal Access Token")
            print("<none>" if value is None else "value:" + value)
            """, key)
        guard result.status == 0 else {
            throw TestSupportError("keyring.get_password failed: \(result.output)")
        }
        let line = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        return line.hasPrefix("value:") ? String(line.dropFirst(6)) : nil
    }

    /// python-keyring's set_password, as az stores a PAT.
    func keyringSet(_ key: String, _ value: String) throws {
        let result = try python(
            "import sys, keyring; keyring.set_password(sys.argv[1], 'Personal Access Token', sys.argv[2])",
            key, value)
        guard result.status == 0 else {
            throw TestSupportError("keyring.set_password failed: \(result.output)")
        }
    }

    /// Every item in the default collection: label, attributes and content type, one JSON object
    /// per item (SecretStorage, which reads the secret only to get its content type).
    func items() throws -> [[String: Any]] {
        let result = try python(
            """
            import json, secretstorage
            connection = secretstorage.dbus_init()
            collection = secretstorage.get_default_collection(connection)
            items = [{"label": i.get_label(), "attributes": i.get_attributes(),
                      "contentType": i.get_secret_content_type(), "secret": i.get_secret().decode()}
                     for i in collection.get_all_items()]
            print(json.dumps(items))
            """)
        guard result.status == 0, let data = result.standardOutput.data(using: .utf8),
            let items = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { throw TestSupportError("listing items failed: \(result.output)") }
        return items
    }

    /// Creates an item exactly as given (SecretStorage, replace=False): how duplicates arise.
    func createItem(_ key: String, _ value: String, withSchemaAttribute: Bool) throws {
        let result = try python(
            """
            import sys, secretstorage
            connection = secretstorage.dbus_init()
            collection = secretstorage.get_default_collection(connection)
            attributes = {"service": sys.argv[1], "username": "Personal Access Token",
                          "application": "Python keyring library"}
            if sys.argv[3] == "1":
                attributes["xdg:schema"] = "org.freedesktop.Secret.Generic"
            collection.create_item("Password for 'Personal Access Token' on '%s'" % sys.argv[1], attributes,
                                   sys.argv[2].encode(), replace=False, content_type="text/plain")
            """, key, value, withSchemaAttribute ? "1" : "0")
        guard result.status == 0 else { throw TestSupportError("create_item failed: \(result.output)") }
    }

    /// Creates an item in a second keyring and locks that keyring: the item is listed and found
    /// by searches, but gnome-keyring refuses to delete it ("Cannot delete a locked item").
    func createItemInLockedKeyring(_ key: String, _ value: String) throws {
        let result = try python(
            """
            import sys, secretstorage
            from secretstorage.util import DBusAddressWrapper, open_session, format_secret
            connection = secretstorage.dbus_init()
            session = open_session(connection)
            # gnome-keyring's own way to create a keyring without a password prompt.
            internal = DBusAddressWrapper("/org/freedesktop/secrets",
                                          "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface", connection)
            path, = internal.call("CreateWithMasterPassword", "a{sv}(oayays)",
                                  {"org.freedesktop.Secret.Collection.Label": ("s", "second")},
                                  format_secret(session, b"password", "text/plain"))
            collection = secretstorage.Collection(connection, path, session)
            attributes = {"service": sys.argv[1], "username": "Personal Access Token",
                          "application": "Python keyring library"}
            collection.create_item("Password for 'Personal Access Token' on '%s'" % sys.argv[1], attributes,
                                   sys.argv[2].encode(), replace=False, content_type="text/plain")
            collection.lock()
            assert collection.is_locked()
            """, key, value)
        guard result.status == 0 else {
            throw TestSupportError("the locked keyring failed: \(result.output)")
        }
    }

    /// Locks the default collection over D-Bus, as a screen locker or `secret-tool lock` does.
    func lock() throws {
        let result = try python(
            """
            import secretstorage
            collection = secretstorage.get_default_collection(secretstorage.dbus_init())
            collection.lock()
            assert collection.is_locked()
            """)
        guard result.status == 0 else { throw TestSupportError("locking failed: \(result.output)") }
    }
}

/// Python with the real keyring and SecretStorage: $ADO_ACCOUNTS_TEST_PYTHON (make test sets
/// it), else the venv that Tests/Scripts/python-keyring.sh makes.
enum PythonKeyring {
    static let path: String? = {
        if let given = ProcessInfo.processInfo.environment["ADO_ACCOUNTS_TEST_PYTHON"], !given.isEmpty {
            return FileManager.default.isExecutableFile(atPath: given) ? given : nil
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidate = root.appendingPathComponent(".build-venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }()
}

/// Whether the real components are here: gnome-keyring, a bus daemon, and python-keyring.
/// `REQUIRE_SECRET_SERVICE=1` (set by `make test`) turns their absence into a failure.
enum KeyringTests {
    static var componentsAvailable: Bool {
        let tools = ["/usr/bin/gnome-keyring-daemon", "/usr/bin/dbus-daemon", "/usr/bin/dbus-send"]
        return tools.allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
            && PythonKeyring.path != nil
    }

    static var required: Bool { ProcessInfo.processInfo.environment["REQUIRE_SECRET_SERVICE"] == "1" }

    /// The wrapper's own session (Tests/Scripts/with-keyring.sh) for tests that use the
    /// process's session bus; never the bus of the person running the tests.
    static var insideWrapper: Bool {
        ProcessInfo.processInfo.environment["ADO_ACCOUNTS_KEYRING_SESSION"] == "1"
    }

    static func uniqueOrganization(_ label: String = "org") -> OrganizationURL {
        try! OrganizationURL("https://dev.azure.com/\(label)-\(UUID().uuidString.prefix(8).lowercased())")
    }
}

extension ChildProcess.Result {
    /// Standard error split into lines, without empty ones.
    var errorLines: [String] {
        standardError.split(separator: "\n").map(String.init)
    }
}
