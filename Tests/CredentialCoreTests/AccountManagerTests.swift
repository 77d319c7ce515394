import Synchronization
import TestSupport
import Testing

@testable import CredentialCore

/// A verifier that answers from a table, for the rules around verification; the real HTTP
/// verifier is tested against a real server in HTTPTokenVerifierTests.
final class ScriptedVerifier: TokenVerifier {
    let answers: [String: VerificationResult]
    let calls = Mutex<[String]>([])

    init(_ answers: [String: VerificationResult] = [:]) {
        self.answers = answers
    }

    func verify(_ token: PersonalAccessToken, for organization: OrganizationURL) async -> VerificationResult {
        calls.withLock { $0.append(organization.canonicalURL) }
        return answers[organization.canonicalURL] ?? .valid(Identity(displayName: "Jane Doe", id: "id-1"))
    }
}

@Suite struct AccountManagerTests {
    let directory: TemporaryDirectory
    let memory = InMemoryCredentialStore()
    let verifier: ScriptedVerifier

    init() throws {
        directory = try TemporaryDirectory()
        verifier = ScriptedVerifier([
            "https://dev.azure.com/refused": .rejected(reason: "HTTP 401: the token was not accepted"),
            "https://dev.azure.com/down": .unreachable(reason: "could not connect"),
        ])
    }

    func manager(_ variables: [String: String] = [:]) -> AccountManager {
        var environment = ["AZURE_DEVOPS_EXT_CONFIG_DIR": directory.path, "HOME": directory.path]
        environment.merge(variables) { $1 }
        return AccountManager(environment: Environment(environment), stores: [memory], verifier: verifier)
    }

    var configText: String? { FileSnapshot.text(directory.appending("config")) }
    var indexText: String? { FileSnapshot.text(directory.appending("organization_list")) }

    @Test func loginVerifiesStoresIndexesAndSetsTheFirstDefault() async throws {
        let result = try await manager().login(
            token: PersonalAccessToken("pat-1"),
            organization: OrganizationURL("https://dev.azure.com/Contoso/"))
        #expect(result.identity == Identity(displayName: "Jane Doe", id: "id-1"))
        #expect(result.becameDefaultOrganization)
        #expect(try memory.token(for: OrganizationURL("contoso").key)?.revealed == "pat-1")
        #expect(indexText == "azdevops-cli:https://dev.azure.com/contoso\n")
        #expect(
            configText == "[defaults]\norganization = https://dev.azure.com/Contoso/\n\n",
            "az keeps the spelling typed")

        let second = try await manager().login(
            token: PersonalAccessToken("pat-2"), organization: OrganizationURL("fabrikam"))
        #expect(!second.becameDefaultOrganization, "an existing default is kept")
        #expect(configText == "[defaults]\norganization = https://dev.azure.com/Contoso/\n\n")
    }

    @Test func aRefusedOrUnreachableCheckStoresNothing() async throws {
        for (name, kind) in [("refused", CredentialError.Kind.rejected), ("down", .unreachable)] {
            await #expect {
                try await manager().login(
                    token: PersonalAccessToken("pat"), organization: OrganizationURL(name))
            } throws: { error in
                (error as? CredentialError)?.kind == kind
                    && (error as? CredentialError)?.message.contains("Nothing was stored") == true
            }
        }
        #expect(try memory.storedKeys().isEmpty)
        #expect(indexText == nil && configText == nil)
    }

    @Test func skipVerifyAndTheDefaultCredentialDoNotCallTheService() async throws {
        _ = try await manager().login(
            token: PersonalAccessToken("p"), organization: OrganizationURL("refused"), verify: false)
        _ = try await manager().login(token: PersonalAccessToken("d"), organization: nil)
        #expect(verifier.calls.withLock { $0 }.isEmpty)
        #expect(try memory.storedKeys() == [try OrganizationURL("refused").key, .defaultCredential])
        #expect(indexText == "azdevops-cli:https://dev.azure.com/refused\nazdevops-cli: default\n")
    }

    @Test func loginReportsAnOverridingEnvironmentVariable() async throws {
        let result = try await manager(["AZURE_DEVOPS_CLI_PAT": "x"]).login(
            token: PersonalAccessToken("p"), organization: nil)
        #expect(result.environmentOverride == "AZURE_DEVOPS_CLI_PAT")
    }

    @Test func logoutComparesTheDefaultByKeyNotSpelling() async throws {
        _ = try await manager().login(
            token: PersonalAccessToken("p"), organization: OrganizationURL("https://dev.azure.com/Contoso/"))
        let result = try manager().logout([OrganizationURL("https://DEV.azure.com/contoso/Project").key])
        #expect(result.clearedDefaultOrganization)
        #expect(configText == "[defaults]\norganization = \n\n")
        #expect(indexText == "")
        #expect(try memory.storedKeys().isEmpty)
    }

    @Test func logoutOfAnotherOrganizationKeepsTheDefault() async throws {
        _ = try await manager().login(token: PersonalAccessToken("p"), organization: OrganizationURL("a"))
        _ = try await manager().login(token: PersonalAccessToken("q"), organization: OrganizationURL("b"))
        let result = try manager().logout([OrganizationURL("b").key])
        #expect(!result.clearedDefaultOrganization)
        #expect(configText == "[defaults]\norganization = https://dev.azure.com/a\n\n")
    }

    @Test func logoutWithNothingToRemoveIsNotFound() {
        #expect {
            try manager().logout([OrganizationURL("nobody").key])
        } throws: { ($0 as? CredentialError)?.kind == .notFound }
        #expect {
            try manager().logout([.defaultCredential])
        } throws: { ($0 as? CredentialError)?.message == "There is no default credential to remove." }
        #expect(throws: CredentialError.self) { try manager().logoutAll() }
    }

    @Test func logoutOfAnIndexLineWithoutASecretCleansTheIndex() throws {
        try FileSnapshot.write(
            "azdevops-cli:https://dev.azure.com/ghost\n", to: directory.appending("organization_list"))
        let result = try manager().logout([OrganizationURL("ghost").key])
        #expect(result.removed.count == 1)
        #expect(indexText == "")
    }

    @Test func logoutAllRemovesEverythingAndToleratesMissingKeys() async throws {
        _ = try await manager().login(token: PersonalAccessToken("p"), organization: OrganizationURL("a"))
        _ = try await manager().login(token: PersonalAccessToken("d"), organization: nil)
        try FileSnapshot.write(
            indexText! + "azdevops-cli:https://dev.azure.com/missing\n",
            to: directory.appending("organization_list"))
        let result = try manager().logoutAll()
        #expect(result.removed.count == 3)
        #expect(result.clearedDefaultOrganization)
        #expect(try memory.storedKeys().isEmpty)
        #expect(indexText == nil, "az deletes the index")
    }

    @Test func useRemembersThePreviousDefault() throws {
        let first = try manager().setDefaultOrganization(OrganizationURL("one"))
        #expect(first.previous == nil)
        #expect(first.tokenSource == nil)
        let second = try manager().setDefaultOrganization(OrganizationURL("two"))
        #expect(second.previous == "https://dev.azure.com/one")
        let back = try manager().restorePreviousDefault()
        #expect(back.organization.url == "https://dev.azure.com/one")
        #expect(configText == "[defaults]\norganization = https://dev.azure.com/one\n\n")
        #expect(try manager().restorePreviousDefault().organization.url == "https://dev.azure.com/two")
    }

    @Test func useWithoutHistoryIsNotFound() {
        #expect { try manager().restorePreviousDefault() } throws: {
            ($0 as? CredentialError)?.kind == .notFound
        }
    }

    @Test func configureFollowsAzRules() throws {
        try manager().defaults.configure(["organization=contoso", "project=Web 50%"])
        #expect(
            configText == "[defaults]\norganization = https://dev.azure.com/contoso\nproject = Web 50%%\n\n")
        try manager().defaults.configure(["project=''"])
        #expect(configText == "[defaults]\norganization = https://dev.azure.com/contoso\nproject = \n\n")
        for bad in ["organization", "color=blue", "organization=ftp://x", "project=a\u{1B}b"] {
            #expect(throws: CredentialError.self) { try manager().defaults.configure(["project=kept", bad]) }
        }
        #expect(
            configText == "[defaults]\norganization = https://dev.azure.com/contoso\nproject = \n\n",
            "nothing is written when one pair is bad")
    }

    @Test func configurationReportListsSectionsAndVariableNamesOnly() throws {
        try manager().defaults.configure(["project=100%"])
        let report = try manager(["AZURE_DEVOPS_EXT_PAT": "secret-value"]).defaults.report()
        #expect(
            report.sections == [.init(name: "defaults", entries: [.init(name: "project", value: "100%")])])
        #expect(report.environmentVariables == ["AZURE_DEVOPS_EXT_CONFIG_DIR", "AZURE_DEVOPS_EXT_PAT"])
        #expect(!report.usesGitAliases)
    }

    @Test func gitAliasesAreReadFromTheGlobalGitConfig() throws {
        try FileSnapshot.write(
            "[alias]\n\tpr = \"!f() { exec az repos pr \\\"$@\\\"; }; f\"\n\trepo = \"!f() { exec az repos \\\"$@\\\"; }; f\"\n",
            to: directory.appending(".gitconfig"))
        #expect(try manager().defaults.report().usesGitAliases)
    }
}

@Suite struct TokenResolutionTests {
    let directory: TemporaryDirectory
    let memory: InMemoryCredentialStore
    let contoso: CredentialKey

    init() throws {
        directory = try TemporaryDirectory()
        contoso = try OrganizationURL("contoso").key
        memory = InMemoryCredentialStore([
            contoso: try PersonalAccessToken("own"), .defaultCredential: try PersonalAccessToken("fallback"),
        ])
    }

    func manager(_ variables: [String: String] = [:]) -> AccountManager {
        AccountManager(
            environment: Environment(
                variables.merging(["AZURE_DEVOPS_EXT_CONFIG_DIR": directory.path]) { $1 }),
            stores: [memory], verifier: ScriptedVerifier())
    }

    @Test func theOrderIsEnvironmentThenOwnThenDefault() throws {
        let both = try manager(["AZURE_DEVOPS_EXT_PAT": "ext", "AZURE_DEVOPS_CLI_PAT": "cli"]).resolveToken(
            for: OrganizationURL("contoso"))
        #expect(both?.token.revealed == "ext")
        #expect(both?.source == .environment(variable: "AZURE_DEVOPS_EXT_PAT"))
        let older = try manager(["AZURE_DEVOPS_CLI_PAT": "cli"]).resolveToken(for: OrganizationURL("contoso"))
        #expect(older?.source == .environment(variable: "AZURE_DEVOPS_CLI_PAT"))
        let own = try manager().resolveToken(for: OrganizationURL("https://dev.azure.com/CONTOSO/x"))
        #expect(own?.token.revealed == "own")
        #expect(own?.source == .organization(contoso, .file))
        let fallback = try manager().resolveToken(for: OrganizationURL("other"))
        #expect(fallback?.token.revealed == "fallback")
        #expect(fallback?.source == .defaultCredential(.file))
    }

    @Test func anEmptyVariableStillWinsAndIsReported() {
        #expect {
            try manager(["AZURE_DEVOPS_EXT_PAT": ""]).resolveToken(for: OrganizationURL("contoso"))
        } throws: {
            ($0 as? CredentialError)?.message.contains("AZURE_DEVOPS_EXT_PAT is set but empty") == true
        }
    }

    @Test func withoutAnOrganizationTheDefaultOrganizationIsUsed() throws {
        try manager().defaults.configure(["organization=https://dev.azure.com/Contoso"])
        #expect(try manager().resolveToken(for: nil)?.source == .organization(contoso, .file))
        let overridden = try manager([
            "AZURE_DEVOPS_EXT__DEFAULTS_ORGANIZATION": "https://dev.azure.com/elsewhere"
        ]).resolveToken(for: nil)
        #expect(overridden?.source == .defaultCredential(.file))
    }

    @Test func nothingStoredResolvesToNothing() throws {
        _ = try memory.remove([contoso, .defaultCredential])
        #expect(try manager().resolveToken(for: OrganizationURL("contoso")) == nil)
    }

    @Test func listingAgreesWithResolutionWithoutReadingSecrets() throws {
        try manager().defaults.configure(["organization=https://dev.azure.com/northwind"])
        let list = try manager().accounts()
        #expect(
            list.rows.map(\.key.rawValue) == [
                "azdevops-cli:https://dev.azure.com/contoso", "azdevops-cli:https://dev.azure.com/northwind",
                "azdevops-cli: default",
            ])
        let northwind = list.rows[1]
        #expect(northwind.isDefaultOrganization && !northwind.hasToken)
        #expect(list.tokenSource(for: northwind.key) == .defaultCredential(.file))
        #expect(list.tokenSource(for: contoso) == .organization(contoso, .file))
        let overridden = try manager(["AZURE_DEVOPS_EXT_PAT": "x"]).accounts()
        #expect(overridden.environmentOverride == "AZURE_DEVOPS_EXT_PAT")
        #expect(overridden.tokenSource(for: contoso) == .environment(variable: "AZURE_DEVOPS_EXT_PAT"))
        // status's chain and the listing's source are the same order: the first PAT link is the source.
        let signedOut = AzureCLIState(executable: nil, profilePath: "/p", accounts: [], problem: nil)
        for listing in [list, overridden] {
            for organization in listing.organizations {
                let chain = listing.credentialChain(for: organization, azure: signedOut)
                #expect(
                    chain.steps.first.flatMap { TokenSource($0.link, organization: organization.key) }
                        == listing.tokenSource(for: organization.key))
            }
        }
    }

    @Test func anInvalidDefaultOrganizationIsAWarningNotAFailure() throws {
        try FileSnapshot.write("[defaults]\norganization = not a url\n", to: directory.appending("config"))
        let list = try manager().accounts()
        #expect(list.warnings.contains { $0.contains("is not a valid URL") })
        #expect(list.defaultOrganizationKey == nil)
    }
}
