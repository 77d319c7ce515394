import Glibc
import TestSupport
import Testing

@testable import CredentialCore

/// Where python-keyring's configuration is read from and what it means for az devops; the
/// agreement with the real python-keyring is in SecretServiceTests.
@Suite struct PythonKeyringBackendTests {
    let home: TemporaryDirectory

    init() throws {
        home = try TemporaryDirectory()
    }

    func write(_ text: String, under root: String) throws {
        let directory = home.appending(root + "/python_keyring")
        var path = ""
        for part in directory.split(separator: "/") {
            path += "/" + part
            mkdir(path, 0o700)
        }
        try FileSnapshot.write(text, to: directory + "/keyringrc.cfg")
    }

    func configured(_ extra: [String: String] = [:]) -> PythonKeyringBackend? {
        PythonKeyringBackend.configured(environment: Environment(["HOME": home.path].merging(extra) { $1 }))
    }

    @Test func withoutConfigurationKeyringChoosesForItself() {
        #expect(configured() == nil)
        #expect(configured(["PYTHON_KEYRING_BACKEND": ""]) == nil)
    }

    @Test func theVariableWinsOverTheFile() throws {
        try write("[backend]\ndefault-keyring = keyring.backends.SecretService.Keyring\n", under: ".config")
        let backend = configured(["PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"])
        #expect(
            backend
                == PythonKeyringBackend(
                    name: "keyring.backends.fail.Keyring", origin: "PYTHON_KEYRING_BACKEND", kind: .none))
        #expect(configured()?.kind == .secretService)
    }

    @Test func theFileIsReadFromXDGConfigHomeOnlyWhenItIsSet() throws {
        try write("[backend]\ndefault-keyring=keyring.backends.null.Keyring\n", under: ".config")
        #expect(configured(["XDG_CONFIG_HOME": home.appending("elsewhere")]) == nil)
        try write("[backend]\ndefault-keyring=keyring.backends.fail.Keyring\n", under: "elsewhere")
        #expect(
            configured(["XDG_CONFIG_HOME": home.appending("elsewhere")])?.name
                == "keyring.backends.fail.Keyring")
        #expect(configured(["XDG_CONFIG_HOME": ""])?.name == "keyring.backends.null.Keyring")
    }

    /// keyring before 21.3 (az devops installs keyring~=17.1.1 when its Python has none) reads
    /// ~/.local/share/python_keyring when XDG_CONFIG_HOME is unset.
    @Test func theOlderKeyringsLocationCountsWhenTheNewerOneHasNoFile() throws {
        try write("[backend]\ndefault-keyring=keyring.backends.fail.Keyring\n", under: ".local/share")
        let backend = configured()
        #expect(backend?.kind == PythonKeyringBackend.Kind.none)
        #expect(backend?.origin == home.appending(".local/share/python_keyring/keyringrc.cfg"))
        try write("[other]\n", under: ".config")
        #expect(configured() == nil, "the first file that exists decides")
    }

    @Test func backendsAreClassifiedByWhereTheyKeepAzsTokens() throws {
        let kinds: [String: PythonKeyringBackend.Kind?] = [
            "keyring.backends.SecretService.Keyring": .secretService,
            "keyring.backends.libsecret.Keyring": .secretService,
            "keyring.backends.fail.Keyring": PythonKeyringBackend.Kind.none,
            "keyring.backends.null.Keyring": PythonKeyringBackend.Kind.none,
            "keyring.backends.kwallet.DBusKeyring": .other, "keyrings.alt.file.PlaintextKeyring": .other,
            "keyring.backends.chainer.ChainerBackend": nil,
        ]
        for (name, kind) in kinds {
            #expect(configured(["PYTHON_KEYRING_BACKEND": name])?.kind == kind, "\(name)")
        }
        // Options are case-insensitive in configparser, sections are not.
        try write("[backend]\nDefault-Keyring: keyring.backends.fail.Keyring\n", under: ".config")
        #expect(configured()?.name == "keyring.backends.fail.Keyring")
        try write("[Backend]\ndefault-keyring = keyring.backends.fail.Keyring\n", under: ".config")
        #expect(configured() == nil)
    }
}
