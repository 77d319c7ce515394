import TestSupport
import Testing

@testable import CredentialCore

/// Rules both front ends used to decide for themselves, now the core's: whether a row's token
/// can move to the keyring, who `az logout` leaves signed in, how stores and links are named,
/// which organizations verify and status act on.
@Suite struct FrontEndRulesTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func manager(_ stores: [any CredentialStore]) -> AccountManager {
        AccountManager(
            environment: Environment(["AZURE_DEVOPS_EXT_CONFIG_DIR": directory.path, "HOME": directory.path]),
            stores: stores, verifier: ScriptedVerifier())
    }

    func key(_ name: String) throws -> CredentialKey { try OrganizationURL(name).key }

    @Test func aRowMovesToTheKeyringOnlyWhenATokenIsElsewhereAndAKeyringIsThere() async throws {
        let keyring = InMemoryCredentialStore(kind: .keyring)
        let file = InMemoryCredentialStore()
        let both = try key("both")
        _ = try keyring.store(PersonalAccessToken("k"), for: key("inkeyring"))
        _ = try keyring.store(PersonalAccessToken("k"), for: both)
        _ = try file.store(PersonalAccessToken("f"), for: both)
        _ = try file.store(PersonalAccessToken("f"), for: key("infile"))
        try manager([file]).defaults.configure(["organization=lonely"])

        let list = try manager([keyring, file]).accounts()
        func move(_ name: String) throws -> AccountList.KeyringMove? {
            let wanted = try key(name)
            return list.rows.first { $0.key == wanted }.map(list.keyringMove(for:))
        }
        #expect(try move("infile") == .movable)
        #expect(try move("both") == .movable, "the file's copy goes; az reads the keyring's")
        #expect(try move("inkeyring") == .alreadyInKeyring)
        #expect(try move("lonely") == .nothingStored)
        #expect(try list.row(for: both)?.storeNames == "keyring+file")
        #expect(try list.row(for: key("lonely"))?.storeNames == "-")

        let fileOnly = try manager([file]).accounts()
        #expect(try fileOnly.row(for: key("infile")).map(fileOnly.keyringMove(for:)) == .noKeyring)
    }

    @Test func azLogoutLeavesEveryoneButTheCurrentAccountSignedIn() {
        func account(_ user: String, _ tenant: String, _ isDefault: Bool) -> AzureAccount {
            AzureAccount(
                userName: user, userType: "user", tenantID: tenant, subscriptionID: tenant,
                subscriptionName: tenant, isDefault: isDefault)
        }
        let state = AzureCLIState(
            executable: "/usr/bin/az", profilePath: "/p",
            accounts: [
                account("jane@contoso.com", "t1", true), account("bob@fabrikam.com", "t2", false),
                account("jane@contoso.com", "t3", false), account("bob@fabrikam.com", "t4", false),
                account("eve@example.com", "t5", false),
            ], problem: nil)
        #expect(state.userNamesLeftByLogout == ["bob@fabrikam.com", "eve@example.com"])
        let alone = AzureCLIState(
            executable: nil, profilePath: "/p", accounts: [account("jane@contoso.com", "t1", true)],
            problem: nil)
        #expect(alone.userNamesLeftByLogout.isEmpty)
    }

    @Test func azLoginAndLogoutAreReadFromTheirStatusAndTheProfileAfter() {
        let jane = AzureAccount(
            userName: "jane@contoso.com", userType: "user", tenantID: "t1", subscriptionID: "s1",
            subscriptionName: "Prod", isDefault: true)
        let signedIn = AzureCLIState(
            executable: "/usr/bin/az", profilePath: "/p", accounts: [jane], problem: nil)
        let signedOut = AzureCLIState(
            executable: "/usr/bin/az", profilePath: "/p", accounts: [], problem: nil)
        #expect(AzureCLIOutcome(login: 0, after: signedIn) == .signedIn)
        #expect(AzureCLIOutcome(login: 0, after: signedOut) == .noAccountAfterLogin)
        #expect(AzureCLIOutcome(login: 130, after: signedIn) == .interrupted)
        #expect(AzureCLIOutcome(logout: 1, after: signedIn) == .failed(status: 1))
        #expect(AzureCLIOutcome(logout: 0, after: signedIn) == .stillSignedIn)
        #expect(AzureCLIOutcome(logout: 0, after: signedOut) == .signedOut)
        #expect(AzureCLIOutcome.signedIn.summary(signedIn) == "Azure CLI: signed in as jane@contoso.com.")
        #expect(AzureCLIOutcome.noAccountAfterLogin.summary(signedOut) == nil)
    }

    @Test func linksHaveOneNameForSentencesAndOneWordForJSON() {
        let links: [CredentialChain.Link] = [
            .environment(variable: "AZURE_DEVOPS_EXT_PAT"), .organization(.keyring),
            .defaultCredential(.file),
        ]
        #expect(links.map(\.kind.rawValue) == ["environment", "organization", "default"])
        #expect(
            links.map(\.description) == [
                "AZURE_DEVOPS_EXT_PAT (from the environment)", "its own PAT (keyring)",
                "the default credential (file)",
            ])
        #expect(CredentialKey.defaultCredential.spokenName == CredentialKey.defaultCredentialName)
        let source = TokenSource.defaultCredential(.file)
        #expect(source.label == "default" && source.description == "the default credential (file)")
        #expect(TokenSource.environment(variable: "X").description == "environment variable X")
        #expect(CredentialChain.Standing.refused(reason: "HTTP 401").kind.rawValue == "refused")
    }

    @Test func verifyChecksTheDefaultOrAllAndSaysWhatToNameOtherwise() throws {
        let file = InMemoryCredentialStore()
        let manager = manager([file])
        do {
            _ = try manager.verificationTargets(all: false, organization: nil, detect: false)
            Issue.record("no organization to verify, and no error")
        } catch {
            #expect(error.hint == .nameOrganizationOrAll && error.kind == .notFound)
        }
        do {
            _ = try manager.verificationTargets(all: true, organization: nil, detect: false)
            Issue.record("nothing stored to verify, and no error")
        } catch {
            #expect(error.hint == nil && error.message == "No organizations are stored.")
        }
        _ = try file.store(PersonalAccessToken("a"), for: key("alpha"))
        _ = try file.store(PersonalAccessToken("b"), for: key("bravo"))
        try manager.defaults.configure(["organization=bravo"])
        let byDefault = try manager.verificationTargets(all: false, organization: nil, detect: false)
        #expect(byDefault.organizations == [try OrganizationURL("bravo")])
        #expect(byDefault.resolution?.origin == "the default organization")
        let all = try manager.verificationTargets(all: true, organization: "bravo", detect: false)
        #expect(
            all.organizations.map(\.canonicalURL) == [
                "https://dev.azure.com/alpha", "https://dev.azure.com/bravo",
            ])
        let named = try manager.verificationTargets(all: false, organization: "alpha", detect: false)
        #expect(named.organizations == [try OrganizationURL("alpha")])
    }

    @Test func statusShowsTheNamedOrganizationAloneElseEveryOne() throws {
        let manager = manager([InMemoryCredentialStore()])
        try manager.defaults.configure(["organization=bravo"])
        let named = try manager.resolveOrganization("alpha", detect: false)
        #expect(try manager.statusTargets(named) == [try OrganizationURL("alpha")])
        let byDefault = try manager.resolveOrganization(nil, detect: false)
        #expect(try manager.statusTargets(byDefault) == nil, "every stored organization")
    }
}
