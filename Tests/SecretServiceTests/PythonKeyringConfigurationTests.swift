import CredentialCore
import Foundation
import TestSupport
import Testing

/// python-keyring's own choice of backend, which decides whether az devops keeps its tokens in
/// the keyring or in the file: az's credential code run with the real python-keyring, against
/// what ado-accounts does with the same configuration.
@Suite(.enabled(if: KeyringTests.componentsAvailable))
struct PythonKeyringConfigurationTests {
    /// az devops' CredentialStore, restated: keyring limited to its own backends (no chainer), the
    /// file when a keyring call raises, the file when the keyring gives nothing. argv: the key
    /// az stores, its token, the key to read back, the token file. `BLOCK_SECRETSTORAGE=1`
    /// makes SecretStorage unimportable, as in an az whose Python lacks it.
    static let az = #"""
        import configparser, os, sys
        if os.environ.get("BLOCK_SECRETSTORAGE") == "1":
            sys.modules["secretstorage"] = None
        import keyring, keyring.core
        store_key, token, read_key, path = sys.argv[1:5]
        user = "Personal Access Token"
        os.makedirs(os.path.dirname(path), exist_ok=True)  # az's ensure_dir
        keyring.core.init_backend(lambda b: b.__module__.startswith("keyring.backends.") and "chain" not in b.__module__)
        backend = type(keyring.get_keyring())
        print("backend=%s.%s" % (backend.__module__, backend.__name__))
        def from_file(key):
            tokens = configparser.ConfigParser(interpolation=None)
            tokens.read(path)
            return tokens.get(key, user, fallback=None)
        if store_key:
            try:
                if keyring.get_password(store_key, user) is not None:
                    keyring.delete_password(store_key, user)
                keyring.set_password(store_key, user, token)
                print("stored=keyring")
            except Exception:
                tokens = configparser.ConfigParser(interpolation=None)
                tokens.read(path)
                if store_key not in tokens.sections():
                    tokens.add_section(store_key)
                tokens.set(store_key, user, token)
                with open(path, "w+") as f:
                    tokens.write(f)
                print("stored=file")
        try:
            value = keyring.get_password(read_key, user)
        except Exception:
            value = None
        if value is None:
            value = from_file(read_key)
        print("read=%s" % value)
        """#

    struct AzRun {
        var lines: [String: String] = [:]
        var backend: String? { lines["backend"] }
        var stored: String? { lines["stored"] }
        var read: String? { lines["read"] }
    }

    func az(
        _ keyring: PrivateKeyring, store: (key: String, token: String)?, read: String, directory: String,
        environment: [String: String]
    ) throws -> AzRun {
        let result = try ChildProcess.run(
            [
                PythonKeyring.path!, "-c", Self.az, store?.key ?? "", store?.token ?? "", read,
                directory + "/personalAccessTokens",
            ], environment: keyring.environment.merging(environment) { $1 })
        #expect(result.status == 0, "az: \(result.output)")
        var run = AzRun()
        for line in result.standardOutput.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { run.lines[parts[0]] = parts[1] }
        }
        return run
    }

    /// Where a key's token is: "keyring", "file", both, or "nowhere" (SecretStorage and the file
    /// read directly, without python-keyring's configuration).
    func place(of key: String, _ keyring: PrivateKeyring, directory: String) throws -> String {
        let inKeyring = try keyring.items().contains {
            ($0["attributes"] as? [String: String])?["service"] == key
        }
        let inFile = FileSnapshot.text(directory + "/personalAccessTokens")?.contains("[\(key)]") == true
        switch (inKeyring, inFile) {
        case (true, true): return "keyring+file"
        case (true, false): return "keyring"
        case (false, true): return "file"
        case (false, false): return "nowhere"
        }
    }

    /// For each configuration, az (the real python-keyring) stores a token and reads back the one
    /// ado-accounts stored with `auto`: ado-accounts puts it where az looks, or says it cannot.
    @Test func autoPutsTokensWhereAzLooksForEveryConfigurationPythonKeyringReads() throws {
        let keyring = try PrivateKeyring()
        let custom = keyring.root.appending("custom-backends")
        mkdir(custom, 0o700)
        // A backend of the user's own, found through keyring-path: az keeps its tokens there.
        try FileSnapshot.write(
            """
            import json, os
            from keyring.backend import KeyringBackend
            PATH = os.path.join(os.path.dirname(__file__), "store.json")
            class Keyring(KeyringBackend):
                priority = 1
                def _load(self):
                    return json.load(open(PATH)) if os.path.exists(PATH) else {}
                def get_password(self, service, username):
                    return self._load().get(service)
                def set_password(self, service, username, password):
                    data = self._load(); data[service] = password; json.dump(data, open(PATH, "w"))
                def delete_password(self, service, username):
                    data = self._load(); data.pop(service, None); json.dump(data, open(PATH, "w"))

            """, to: custom + "/elsewhere.py")

        struct Case {
            let name: String
            /// keyringrc.cfg's text and where it goes ("xdg": $XDG_CONFIG_HOME, "home": ~/.config).
            var config: (text: String, at: String)? = nil
            /// keyringrc.cfg is a link to the file (a dotfiles repository's, say).
            var linked = false
            var environment: [String: String] = [:]
            /// Where az's own token lands, and where ado-accounts puts its one.
            let az: String
            let ours: String
            /// Whether ado-accounts' login says that az will not see the token.
            var warns = false
        }
        let fail = "[backend]\ndefault-keyring = keyring.backends.fail.Keyring\n"
        let cases = [
            Case(name: "unconfigured", az: "keyring", ours: "keyring"),
            Case(
                name: "env-fail", environment: ["PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"],
                az: "file", ours: "file"),
            // The null backend swallows az's token (az then reads only the file).
            Case(
                name: "env-null", environment: ["PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"],
                az: "nowhere", ours: "file"),
            Case(name: "xdg-fail", config: (fail, "xdg"), az: "file", ours: "file"),
            Case(name: "xdg-fail-linked", config: (fail, "xdg"), linked: true, az: "file", ours: "file"),
            Case(
                name: "home-fail", config: (fail, "home"), environment: ["XDG_CONFIG_HOME": ""], az: "file",
                ours: "file"),
            Case(name: "no-default-keyring", config: ("[backend]\n", "xdg"), az: "keyring", ours: "keyring"),
            Case(
                name: "env-beats-config", config: (fail, "xdg"),
                environment: ["PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring"],
                az: "keyring",
                ours: "keyring"),
            Case(
                name: "custom",
                config: ("[backend]\ndefault-keyring=elsewhere.Keyring\nkeyring-path=\(custom)\n", "xdg"),
                az: "nowhere", ours: "keyring", warns: true),
        ]
        for (number, test) in cases.enumerated() {
            let base = keyring.root.appending("case-\(number)")
            for directory in ["", "/xdg", "/home", "/home/.config", "/cfg"] { mkdir(base + directory, 0o700) }
            var environment = test.environment
            environment["AZURE_DEVOPS_EXT_CONFIG_DIR"] = base + "/cfg"
            environment["HOME"] = base + "/home"
            if environment["XDG_CONFIG_HOME"] == nil { environment["XDG_CONFIG_HOME"] = base + "/xdg" }
            if let config = test.config {
                let root = config.at == "xdg" ? base + "/xdg" : base + "/home/.config"
                mkdir(root + "/python_keyring", 0o700)
                let path = root + "/python_keyring/keyringrc.cfg"
                if test.linked {
                    try FileSnapshot.write(config.text, to: base + "/keyringrc-target.cfg")
                    symlink(base + "/keyringrc-target.cfg", path)
                } else {
                    try FileSnapshot.write(config.text, to: path)
                }
            }
            let azKey = "azdevops-cli:https://dev.azure.com/az-\(number)"
            let ourKey = "azdevops-cli:https://dev.azure.com/ours-\(number)"

            let login = try keyring.ado(
                "login", "--org", "ours-\(number)", "--skip-verify", input: "ours-token-\(number)\n",
                environment: environment)
            #expect(login.status == 0, "\(test.name): \(login.output)")
            #expect(try place(of: ourKey, keyring, directory: base + "/cfg") == test.ours, "\(test.name)")
            let warned = login.standardError.contains(
                "so az devops keeps its tokens there, where ado-accounts does not look")
            #expect(warned == test.warns, "\(test.name): \(login.output)")
            if test.ours == "file" && test.az != "keyring" {
                #expect(
                    login.errorLines.first?.hasPrefix("Not using the keyring: az devops does not use it")
                        == true, "\(test.name): \(login.output)")
            }

            let run = try az(
                keyring, store: (azKey, "az-token-\(number)"), read: ourKey, directory: base + "/cfg",
                environment: environment)
            #expect(
                try place(of: azKey, keyring, directory: base + "/cfg") == test.az,
                "\(test.name): \(run.lines)")
            // az reads what ado-accounts stored, unless ado-accounts said it would not.
            #expect((run.read == "ours-token-\(number)") == !test.warns, "\(test.name): \(run.lines)")
            // ado-accounts reads what az stored wherever az can read it back.
            if test.az != "nowhere" {
                let token = try keyring.ado("token", "--org", "az-\(number)", environment: environment)
                #expect(token.standardOutput == "az-token-\(number)\n", "\(test.name): \(token.output)")
            }
            // doctor names the backend python-keyring loads, as python-keyring itself does.
            let doctor = try keyring.ado("doctor", "--json", environment: environment)
            let json =
                try JSONSerialization.jsonObject(with: Data(doctor.standardOutput.utf8)) as? [String: Any]
            let named = (json?["pythonKeyring"] as? [String: Any])?["backend"] as? String
            #expect(
                named
                    == (test.az == "keyring" && test.environment["PYTHON_KEYRING_BACKEND"] == nil
                        ? nil : run.backend),
                "\(test.name): \(doctor.output) \(run.lines)")
        }
    }

    /// An az whose Python cannot reach the Secret Service (no SecretStorage) keeps its tokens in
    /// the file, which ado-accounts cannot detect: a re-login then updates the token in the file
    /// instead of moving it to the keyring, where az would lose it. One in the keyring stays there.
    @Test func aReLoginUpdatesTheTokenWhereItIs() throws {
        let keyring = try PrivateKeyring()
        let noSecretStorage = ["BLOCK_SECRETSTORAGE": "1"]
        let fileOrg = "azdevops-cli:https://dev.azure.com/fileorg"
        let keyringOrg = "azdevops-cli:https://dev.azure.com/keyringorg"
        let first = try az(
            keyring, store: (fileOrg, "az-old"), read: fileOrg, directory: keyring.configDirectory,
            environment: noSecretStorage)
        #expect(first.backend == "keyring.backends.fail.Keyring" && first.stored == "file", "\(first.lines)")
        try keyring.keyringSet(keyringOrg, "kr-old")

        for (organization, token) in [("fileorg", "renewed-file"), ("keyringorg", "renewed-keyring")] {
            let login = try keyring.ado("login", "--org", organization, "--skip-verify", input: token + "\n")
            #expect(login.status == 0, "\(login.output)")
        }
        #expect(try place(of: fileOrg, keyring, directory: keyring.configDirectory) == "file")
        #expect(try place(of: keyringOrg, keyring, directory: keyring.configDirectory) == "keyring")
        let after = try az(
            keyring, store: nil, read: fileOrg, directory: keyring.configDirectory,
            environment: noSecretStorage)
        #expect(after.read == "renewed-file", "az still finds the token: \(after.lines)")
        #expect(try keyring.keyringGet(keyringOrg) == "renewed-keyring")

        // doctor says what the file-only token suggests.
        let doctor = try keyring.ado("doctor")
        #expect(doctor.status == 0, "\(doctor.output)")
        #expect(
            doctor.standardError.contains(
                "The file holds a token that the keyring does not: az devops puts tokens there when it cannot use the keyring"
            ))

        // An explicit store still takes the token: --store keyring moves it, as asked.
        let forced = try keyring.ado(
            "login", "--org", "fileorg", "--skip-verify", "--store", "keyring", input: "forced\n")
        #expect(forced.status == 0, "\(forced.output)")
        #expect(try place(of: fileOrg, keyring, directory: keyring.configDirectory) == "keyring")
    }

    /// With python-keyring configured with no keyring, doctor reports tokens az cannot see in the
    /// keyring and, when new tokens go there, says so; with only the file in use it is a note.
    @Test func doctorSaysWhenAzEvidentlyUsesTheFile() throws {
        let keyring = try PrivateKeyring()
        mkdir(keyring.root.appending("config/python_keyring"), 0o700)
        let config = keyring.root.appending("config/python_keyring/keyringrc.cfg")
        try FileSnapshot.write("[backend]\ndefault-keyring=keyring.backends.fail.Keyring\n", to: config)
        #expect(try keyring.ado("login", "--org", "contoso", "--skip-verify", input: "c\n").status == 0)
        let note = try keyring.ado("doctor")
        #expect(note.status == 0, "\(note.output)")
        #expect(
            note.standardError.contains(
                "az devops keeps its tokens in the file: python-keyring is configured with keyring.backends.fail.Keyring (\(config))."
            ), "\(note.output)")

        try keyring.createItem("azdevops-cli:https://dev.azure.com/fabrikam", "f", withSchemaAttribute: false)
        let forced = try keyring.ado("doctor", "--json", environment: ["ADO_ACCOUNTS_STORE": "keyring"])
        #expect(forced.status == 1, "\(forced.output)")
        let findings =
            (try JSONSerialization.jsonObject(with: Data(forced.standardOutput.utf8)) as? [String: Any])?[
                "findings"]
            as? [[String: Any]] ?? []
        let finding = try #require(
            findings.first { $0["kind"] as? String == "azDoesNotReadTheKeyring" }, "\(findings)")
        #expect(
            finding["message"] as? String
                == "az devops reads only the file: python-keyring is configured with keyring.backends.fail.Keyring (\(config)). It does not see the token in the keyring ('ado-accounts migrate --to file' moves it). New tokens go to the keyring: use --store file (or ADO_ACCOUNTS_STORE=file)."
        )
    }
}
