import Foundation
import TestSupport
import Testing

@testable import CredentialCore

@Suite struct TimestampTests {
    /// Vectors from Python's `datetime.fromisoformat(...).timestamp()`.
    @Test(arguments: [
        ("2026-12-06T22:00:00Z", 1_796_594_400.0),
        ("1970-01-01T00:00:00Z", 0),
        ("2000-02-29T12:34:56Z", 951_827_696),
        ("1969-12-31T23:59:59Z", -1),
        ("2027-01-05T10:00:00.5Z", 1_799_143_200.5),
        ("2027-01-05T10:00:00.1233333Z", 1_799_143_200.1233333),
        ("2027-01-05T12:00:00+02:00", 1_799_143_200),
        ("2027-01-05T08:30:00-01:30", 1_799_143_200),
    ])
    func parsesWhatTheServiceAndWeWrite(text: String, seconds: Double) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_01)
    }

    @Test(arguments: [
        "", "2026-12-06", "2026-12-06T22:00:00", "2026-13-06T22:00:00Z", "2026-12-06T24:00:00Z",
        "2026-12-06T22:00:00Zjunk", "2026-12-06T22:00:00.Z", "2026-12-06T22:00:00+0200",
        "x026-12-06T22:00:00Z",
    ])
    func refusesAnythingElse(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func formatsWholeSecondsInUTCAndReadsThemBack() {
        for seconds in [0.0, -1, 951_827_696, 1_796_594_400.9, 4_102_444_800] {
            let text = Timestamp.format(Date(timeIntervalSince1970: seconds))
            #expect(text.count == 20 && text.hasSuffix("Z"))
            #expect(Timestamp.parse(text)?.timeIntervalSince1970 == seconds.rounded(.down))
        }
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_796_594_400)) == "2026-12-06T22:00:00Z")
    }
}

@Suite struct AccountMemoryTests {
    let directory: TemporaryDirectory
    let clock = Date(timeIntervalSince1970: 1_796_594_400)

    init() throws {
        directory = try TemporaryDirectory()
    }

    var stateFile: String { directory.appending("ado-accounts.state") }

    func manager(verifier: any TokenVerifier = ScriptedVerifier()) -> AccountManager {
        let environment = Environment(["AZURE_DEVOPS_EXT_CONFIG_DIR": directory.path, "HOME": directory.path])
        var manager = AccountManager(
            environment: environment,
            stores: [FileCredentialStore(directory: ConfigDirectory(environment: environment))],
            verifier: verifier)
        let now = clock
        manager.now = { now }
        return manager
    }

    @Test func aLoginRemembersWhenItStoredTheTokenAndWhoItSignedInAs() async throws {
        _ = try await manager().login(
            token: PersonalAccessToken("pat-1"), organization: OrganizationURL("contoso"))
        _ = try await manager().login(token: PersonalAccessToken("pat-2"), organization: nil)

        let list = try manager().accounts()
        let record = list.record(for: try OrganizationURL("contoso").key)
        #expect(record.storedAt == clock)
        #expect(record.checkedAt == clock && record.outcome == .valid && record.displayName == "Jane Doe")
        let unchecked = list.record(for: .defaultCredential)
        #expect(
            unchecked.storedAt == clock && unchecked.outcome == nil,
            "the default credential is stored unchecked")
        #expect(FileSnapshot.mode(stateFile) == 0o600)
        let text = try #require(FileSnapshot.text(stateFile))
        #expect(!text.contains("pat-1") && !text.contains("pat-2"), "never a secret")
    }

    @Test func aReplacedTokenForgetsWhatWasKnownAboutTheOldOne() async throws {
        let organization = try OrganizationURL("contoso")
        _ = try await manager().login(token: PersonalAccessToken("pat-1"), organization: organization)
        try manager().remember { memory in
            memory[credential: organization.key].token = ServiceTokenInfo(
                authorizationID: "auth-1", validTo: Date(timeIntervalSince1970: 1_800_000_000))
        }
        #expect(manager().memory()[credential: organization.key].token?.authorizationID == "auth-1")

        _ = try await manager().login(
            token: PersonalAccessToken("pat-2"), organization: organization, verify: false)
        let record = manager().memory()[credential: organization.key]
        #expect(record.token == nil && record.outcome == nil && record.storedAt == clock)
    }

    @Test func recordsGoWithTheCredentialWhetherWeOrAzLoggedItOut() async throws {
        let contoso = try OrganizationURL("contoso")
        let fabrikam = try OrganizationURL("fabrikam")
        let tailspin = try OrganizationURL("tailspin")
        for organization in [contoso, fabrikam, tailspin] {
            _ = try await manager().login(token: PersonalAccessToken("pat"), organization: organization)
        }
        _ = try manager().logout([contoso.key])
        #expect(manager().memory().credentials.keys.sorted() == [fabrikam.key, tailspin.key])

        // az's logout removes the key's line from organization_list (and the token); our next
        // change of any kind forgets it.
        try FileSnapshot.write(
            "azdevops-cli:https://dev.azure.com/tailspin\n", to: directory.appending("organization_list"))
        _ = try manager().setDefaultOrganization(tailspin)
        #expect(manager().memory().credentials.keys.sorted() == [tailspin.key])

        _ = try manager().logoutAll()
        #expect(manager().memory().credentials.isEmpty)
        #expect(manager().memory().previousOrganization != nil, "`use -` survives")
    }

    @Test func theFileNeverGrowsPastItsLimit() throws {
        var index = ""
        for number in 0..<(AccountMemory.credentialLimit + 20) {
            index += "azdevops-cli:https://dev.azure.com/org\(number)\n"
        }
        try FileSnapshot.write(index, to: directory.appending("organization_list"))
        try manager().remember { memory in
            for number in 0..<(AccountMemory.credentialLimit + 20) {
                let key = CredentialKey(organizationKey: "https://dev.azure.com/org\(number)")
                memory[credential: key].checkedAt = Date(timeIntervalSince1970: Double(number))
                memory[credential: key].outcome = .valid
            }
        }
        let kept = manager().memory().credentials
        #expect(kept.count == AccountMemory.credentialLimit)
        #expect(
            kept[CredentialKey(organizationKey: "https://dev.azure.com/org0")] == nil, "the oldest go first")
    }

    @Test func whatTheServiceSendsCannotBreakTheFile() throws {
        try FileSnapshot.write(
            "azdevops-cli:https://dev.azure.com/contoso\n", to: directory.appending("organization_list"))
        let key = try OrganizationURL("contoso").key
        let hostile = "Ada\n[credential azdevops-cli: default]\noutcome = valid\r%(x)s \u{1B}[31m"
        try manager().remember { memory in
            memory[credential: key].displayName = hostile
            memory[credential: key].token = ServiceTokenInfo(
                authorizationID: "a1", name: "n\nm", scope: "vso.code vso.work",
                targetAccounts: ["one", "two"])
        }
        let read = manager().memory()
        #expect(read.credentials.count == 1)
        #expect(
            read[credential: key].displayName
                == "Ada [credential azdevops-cli: default] outcome = valid %(x)s  [31m")
        #expect(read[credential: key].token?.name == "n m")
        #expect(read[credential: key].token?.targetAccounts == ["one", "two"])
        #expect(read[credential: .defaultCredential].isEmpty)
    }

    @Test(arguments: ["utf16", "oversized", "directory"])
    func aDamagedFileIsIgnoredWithAWarningAndRewritten(damage: String) async throws {
        switch damage {
        case "utf16": try FileSnapshot.write("\u{FEFF}[use]", to: stateFile)
        case "oversized":
            let descriptor = open(stateFile, O_CREAT | O_WRONLY, 0o600)
            #expect(ftruncate(descriptor, 1 << 40) == 0)
            close(descriptor)
        default: #expect(mkdir(stateFile, 0o700) == 0)
        }
        if damage == "utf16" {
            // UTF-16 as Windows' editors write it.
            let bytes: [UInt8] = [0xFF, 0xFE, 0x5B, 0x00, 0x75, 0x00]
            FileManager.default.createFile(atPath: stateFile, contents: Data(bytes))
        }
        let list = try manager().accounts()
        #expect(list.warnings.contains { $0.contains("ado-accounts.state was ignored") })
        if damage == "directory" {
            // Not a file of ours: refused as any other planted file is.
            await #expect(throws: CredentialError.self) {
                try await manager().login(
                    token: PersonalAccessToken("pat"), organization: OrganizationURL("contoso"))
            }
            return
        }
        _ = try await manager().login(
            token: PersonalAccessToken("pat"), organization: OrganizationURL("contoso"))
        #expect(manager().memory().damage == nil)
        #expect(manager().memory()[credential: try OrganizationURL("contoso").key].outcome == .valid)
    }
}

@Suite struct SHA256Tests {
    /// FIPS 180-4's examples.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func digestsTheStandardsExamples(message: String, hex: String) {
        #expect(SHA256.digest(Array(message.utf8)).map { String(format: "%02x", $0) }.joined() == hex)
    }

    /// Every length around the block boundaries, against the machine's Python.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func agreesWithPythonAcrossBlockBoundaries() throws {
        var generator = SystemRandomNumberGenerator()
        var inputs: [[UInt8]] = []
        for length in [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000] {
            inputs.append((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
        }
        let script =
            "import hashlib,sys\nfor line in sys.stdin: print(hashlib.sha256(bytes.fromhex(line.strip())).hexdigest())"
        let hex = inputs.map { $0.map { String(format: "%02x", $0) }.joined() }.joined(separator: "\n") + "\n"
        let python = try ChildProcess.run(
            ["/usr/bin/python3", "-c", script], environment: [:], standardInput: hex)
        let expected = python.standardOutput.split(separator: "\n").map(String.init)
        #expect(expected == inputs.map { SHA256.digest($0).map { String(format: "%02x", $0) }.joined() })
        #expect(PersonalAccessToken(stored: "abc").fingerprint == "ba7816bf8f01cfea")
    }
}
