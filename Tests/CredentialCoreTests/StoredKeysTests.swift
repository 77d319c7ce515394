import Synchronization
import TestSupport
import Testing

@testable import CredentialCore

/// Every key az can write is listed, reported and removable, on the real token file: keys with
/// spaces (a server collection), and keys that are no URL ado-accounts can use (raw keys); and
/// `organization_list` is never deleted while a store holds a key it names.
@Suite struct StoredKeysTests {
    let directory: TemporaryDirectory
    let file: FileCredentialStore

    init() throws {
        directory = try TemporaryDirectory()
        file = FileCredentialStore(path: directory.appending("personalAccessTokens"))
    }

    func manager(_ stores: [any CredentialStore]? = nil, _ variables: [String: String] = [:])
        -> AccountManager
    {
        var environment = ["AZURE_DEVOPS_EXT_CONFIG_DIR": directory.path, "HOME": directory.path]
        environment.merge(variables) { $1 }
        return AccountManager(
            environment: Environment(environment), stores: stores ?? [file], verifier: ScriptedVerifier())
    }

    var indexText: String? { FileSnapshot.text(directory.appending("organization_list")) }

    /// What az leaves after `az devops login --org "http://tfs/My Collection"`, and a key no URL.
    func writeAsAz(_ keys: [String]) throws {
        try FileSnapshot.write(
            keys.map { "[\($0)]\npersonal access token = pat-\($0.count)\n\n" }.joined(),
            to: directory.appending("personalAccessTokens"))
        try FileSnapshot.write(keys.map { $0 + "\n" }.joined(), to: directory.appending("organization_list"))
    }

    static let spaced = "azdevops-cli:http://tfs.example/my collection"
    static let raw = "azdevops-cli:https://dev.azure.com/.."

    @Test func aKeyWithASpaceIsAnOrganizationAndARawKeyIsListedAsItIs() throws {
        try writeAsAz([Self.spaced, Self.raw])
        let list = try manager().accounts()
        #expect(list.rows.map(\.key.rawValue) == [Self.spaced, Self.raw])
        let spacedKey = try #require(CredentialKey(stored: Self.spaced))
        let spaced = try #require(list.row(for: spacedKey))
        #expect(!spaced.isRaw && spaced.hasToken && spaced.isIndexed)
        #expect(list.organizations.map(\.canonicalURL) == ["http://tfs.example/my collection"])
        let rawKey = try #require(CredentialKey(stored: Self.raw))
        let raw = try #require(list.row(for: rawKey))
        #expect(raw.isRaw && raw.hasToken)
        #expect(try OrganizationURL("http://tfs.example/My Collection").key.rawValue == Self.spaced)
    }

    @Test func doctorReportsARawKey() throws {
        try writeAsAz([Self.spaced, Self.raw])
        let report = try manager().doctor(fix: false, roundTrip: false)
        #expect(report.findings.map(\.kind) == [.rawKey])
        #expect(report.findings.first?.message.contains("'\(Self.raw)'") == true)
    }

    @Test func logoutAllRemovesEveryKeyByItsTextAndThenTheIndex() throws {
        try writeAsAz([Self.spaced, Self.raw])
        let result = try manager().logoutAll()
        #expect(result.removed.map(\.rawValue) == [Self.spaced, Self.raw])
        #expect(try file.storedKeys().isEmpty)
        #expect(indexText == nil)
    }

    @Test func logoutNamesARawKeyByItsWholeText() throws {
        try writeAsAz([Self.spaced, Self.raw])
        let key = try manager().storedKey(named: Self.raw)
        #expect(key.rawValue == Self.raw)
        #expect(try manager().logout([key]).removed == [key])
        #expect(indexText == Self.spaced + "\n")
        // Not stored: the refusal of the text as an organization.
        #expect {
            try manager().storedKey(named: Self.raw)
        } throws: { ($0 as? CredentialError)?.message.contains("does not start with https://") == true }
    }

    @Test func aKeyAzStoredWithUserInformationIsFoundByItsURL() throws {
        let key = "azdevops-cli:https://user@dev.azure.com/myorg"
        try writeAsAz([key])
        #expect(try manager().storedKey(named: "https://user@dev.azure.com/MyOrg/P/_git/R").rawValue == key)
        #expect {
            try manager().storedKey(named: "https://someone@dev.azure.com/MyOrg")
        } throws: { ($0 as? CredentialError)?.message.contains("before its host") == true }
    }

    /// A store that keeps a key through a removal (another program stored it again meanwhile):
    /// its line stays, and the command says so rather than reporting success.
    @Test func theIndexKeepsTheLinesOfKeysAStoreStillHolds() throws {
        let memory = InMemoryCredentialStore()
        let kept = try OrganizationURL("kept").key
        let gone = try OrganizationURL("gone").key
        try memory.store(PersonalAccessToken("a"), for: kept)
        try memory.store(PersonalAccessToken("b"), for: gone)
        try FileSnapshot.write(
            kept.rawValue + "\n" + gone.rawValue + "\n", to: directory.appending("organization_list"))
        let stubborn = KeepingStore(memory, keeping: kept)
        #expect {
            try manager([stubborn]).logoutAll()
        } throws: { error in
            let error = error as? CredentialError
            return error?.kind == .storage
                && error?.message.contains("https://dev.azure.com/kept (file)") == true
        }
        #expect(indexText == kept.rawValue + "\n")
        #expect(try memory.storedKeys() == [kept])
    }

    /// az writes a default organization after a login only when its effective default is
    /// unset, and knack reads AZURE_DEVOPS_EXT__DEFAULTS_ORGANIZATION before the file.
    @Test func loginLeavesTheDefaultAloneWhileTheVariableSetsOne() async throws {
        let overridden = try await manager(
            nil, ["AZURE_DEVOPS_EXT__DEFAULTS_ORGANIZATION": "https://dev.azure.com/env"]
        )
        .login(token: PersonalAccessToken("p"), organization: OrganizationURL("contoso"))
        #expect(!overridden.becameDefaultOrganization)
        #expect(FileSnapshot.text(directory.appending("config")) == nil)
        let empty = try await manager(nil, ["AZURE_DEVOPS_EXT__DEFAULTS_ORGANIZATION": ""])
            .login(token: PersonalAccessToken("p"), organization: OrganizationURL("contoso"))
        #expect(empty.becameDefaultOrganization, "an empty variable is no default, for az too")
    }

    /// az devops reads AZURE_DEVOPS_EXT_PAT only; `token` honours the older name as well.
    @Test func statusCountsOnlyTheVariableAzReads() async throws {
        try file.store(PersonalAccessToken("own"), for: OrganizationURL("contoso").key)
        // Signed out of the Azure CLI: no profile, no az.
        let azure = AzureCLI(
            environment: Environment(["AZURE_CONFIG_DIR": directory.appending("azure"), "PATH": ""]))
        let older = try await manager(nil, ["AZURE_DEVOPS_CLI_PAT": "x"]).status(
            of: [OrganizationURL("contoso")], check: false, azureCLI: azure)
        #expect(older.chains.first?.steps.map(\.link) == [.organization(.file)])
        #expect(
            older.notice?.contains(
                "AZURE_DEVOPS_CLI_PAT is set, but az devops reads only AZURE_DEVOPS_EXT_PAT") == true)
        #expect(
            try manager(nil, ["AZURE_DEVOPS_CLI_PAT": "x"]).resolveToken(for: OrganizationURL("contoso"))?
                .source
                == .environment(variable: "AZURE_DEVOPS_CLI_PAT"))
        let current = try await manager(nil, ["AZURE_DEVOPS_EXT_PAT": "x", "AZURE_DEVOPS_CLI_PAT": "y"])
            .status(
                of: [OrganizationURL("contoso")], check: false, azureCLI: azure)
        #expect(
            current.chains.first?.steps.map(\.link) == [
                .environment(variable: "AZURE_DEVOPS_EXT_PAT"), .organization(.file),
            ])
        #expect(current.notice == nil)
    }

    /// Plain HTTP is refused before anything is sent or stored, and allowed where it is safe.
    @Test func loginAndChecksRefusePlainHTTPBeyondThisMachine() async throws {
        let verifier = ScriptedVerifier()
        let environment = Environment(["AZURE_DEVOPS_EXT_CONFIG_DIR": directory.path, "HOME": directory.path])
        var manager = AccountManager(environment: environment, stores: [file], verifier: verifier)
        for verify in [true, false] {
            await #expect {
                try await manager.login(
                    token: PersonalAccessToken("p"),
                    organization: OrganizationURL("http://tfs.example.com/tfs"),
                    verify: verify)
            } throws: { ($0 as? CredentialError)?.hint == .allowHTTP }
        }
        #expect(try file.storedKeys().isEmpty)
        let check = await manager.check(try OrganizationURL("http://tfs.example.com/tfs"))
        #expect(check.outcome.failure == .invalidInput)
        #expect(verifier.calls.withLock { $0 }.isEmpty, "nothing was sent")

        _ = try await manager.login(
            token: PersonalAccessToken("p"), organization: OrganizationURL("http://localhost:8080/tfs"))
        manager.allowsHTTP = true
        _ = try await manager.login(
            token: PersonalAccessToken("p"), organization: OrganizationURL("http://tfs.example.com/tfs"))
        await #expect {
            try await manager.login(
                token: PersonalAccessToken("p"), organization: OrganizationURL("http://dev.azure.com/contoso")
            )
        } throws: { ($0 as? CredentialError)?.message.contains("Use https://dev.azure.com/contoso") == true }
        #expect(
            verifier.calls.withLock { $0 } == ["http://localhost:8080/tfs", "http://tfs.example.com/tfs"])
    }
}

/// A store whose removal leaves one key in place, as when another program stores it again
/// between the removal and the listing that follows.
final class KeepingStore: CredentialStore {
    let base: InMemoryCredentialStore
    let keeping: CredentialKey

    init(_ base: InMemoryCredentialStore, keeping: CredentialKey) {
        self.base = base
        self.keeping = keeping
    }

    var kind: StoreKind { base.kind }
    var location: String { base.location }
    func storedKeys() throws(CredentialError) -> [CredentialKey] { try base.storedKeys() }
    func token(for key: CredentialKey) throws(CredentialError) -> PersonalAccessToken? {
        try base.token(for: key)
    }
    func store(_ token: PersonalAccessToken, for key: CredentialKey) throws(CredentialError) -> [String] {
        try base.store(token, for: key)
    }
    func remove(_ keys: [CredentialKey]) throws(CredentialError) -> [CredentialKey] {
        try base.remove(keys.filter { $0 != keeping })
    }
}

extension StoredKeysTests {
    /// A keyring key may hold a line break, which would split a section header of the file.
    @Test func aKeyWithALineBreakIsNeverWrittenToTheFile() throws {
        let keyring = InMemoryCredentialStore(kind: .keyring)
        let key = try #require(
            CredentialKey(stored: "azdevops-cli:https://x.example/a\n[azdevops-cli: default]"))
        try keyring.store(PersonalAccessToken("pat"), for: key)
        #expect {
            try manager([keyring, file]).move(key, to: .file)
        } throws: { ($0 as? CredentialError)?.message.contains("the key has a line break") == true }
        #expect(FileSnapshot.text(file.path) == nil)
        #expect(try keyring.storedKeys() == [key])
    }
}
