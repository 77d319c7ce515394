import TestSupport
import Testing

@testable import CredentialCore

/// Core errors say what went wrong and carry what to do as a `Hint`; the front ends word it
/// (the command line with its flags, the screen with its own words). No core message names a
/// flag, which the screen would otherwise show.
@Suite struct ErrorHintTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func manager() -> AccountManager {
        AccountManager(
            environment: Environment(["AZURE_DEVOPS_EXT_CONFIG_DIR": directory.path, "HOME": directory.path]),
            stores: [InMemoryCredentialStore()], verifier: ScriptedVerifier())
    }

    func caught(_ body: () throws(CredentialError) -> Void) -> CredentialError? {
        do { try body() } catch { return error }
        return nil
    }

    func expectNeutral(_ error: CredentialError?, _ hint: CredentialError.Hint?, _ comment: Comment) {
        #expect(error?.hint == hint, comment)
        #expect(
            error.map { !$0.message.contains("--") } == true, "\(comment): \(error?.message ?? "no error")")
    }

    @Test func anUnusableKeyringSuggestsTheFileStoreByPath() {
        // No session bus: the keyring cannot be reached, and asking for it is an error.
        let environment = Environment(["HOME": directory.path, "AZURE_DEVOPS_EXT_CONFIG_DIR": directory.path])
        let config = ConfigDirectory(environment: environment)
        let error = caught { () throws(CredentialError) in
            _ = try StoreSelection.select(.keyring, directory: config, environment: environment)
        }
        let path = FileCredentialStore(directory: config).path
        expectNeutral(error, .useFileStore(path: path), "keyring")
        #expect(error?.message.hasPrefix("The keyring cannot be used: there is no D-Bus session bus") == true)
    }

    @Test func nothingToResolveAsksForAnOrganizationOnlyWhenNoneWasNamed() throws {
        let manager = manager()
        expectNeutral(
            caught { () throws(CredentialError) in _ = try manager.requireToken(for: nil) },
            .nameOrganization,
            "no organization named")
        expectNeutral(
            caught { () throws(CredentialError) in
                _ = try manager.requireToken(for: OrganizationURL("contoso"))
            },
            nil, "an organization was named")
    }

    @Test func statusWithNothingStoredAsksForAnOrganization() async {
        do {
            _ = try await manager().status(of: nil, check: false)
            Issue.record("status found organizations in an empty directory")
        } catch {
            expectNeutral(error, .nameOrganization, "status")
        }
    }

    @Test func aDefaultWithoutEqualsSignIsASyntaxHint() {
        let manager = manager()
        let error = caught { () throws(CredentialError) in try manager.defaults.configure(["organization"]) }
        expectNeutral(error, .defaultsSyntax, "configure")
        #expect(error?.kind == .invalidInput)
    }

    @Test func plainHTTPToAServerCanBeAllowedButNotToAzureDevOpsServices() throws {
        let server = try OrganizationURL("http://tfs.lan:8080/tfs").cleartextRefusal(allowingHTTP: false)
        expectNeutral(server, .allowHTTP, "a server")
        #expect(server?.message == "http://tfs.lan:8080/tfs would send the token unencrypted to tfs.lan.")
        let services = try OrganizationURL("http://dev.azure.com/x").cleartextRefusal(allowingHTTP: true)
        expectNeutral(services, nil, "Azure DevOps Services: no permission makes http safe")
    }

    /// The PAT lifecycle's refusals name no flag and no command: the screen shows them too.
    @Test func patLifecycleErrorsAreNeutralWithHints() throws {
        for value in PATTokenError.documented {
            let sentence = PATTokenError(rawValue: value).sentence
            #expect(!sentence.contains("--") && !sentence.contains("ado-accounts "), "\(value): \(sentence)")
        }
        #expect(PATTokenError(rawValue: "patLifespanPolicyViolation").hint == .fewerDays)
        #expect(PATTokenError(rawValue: "fullScopePatPolicyViolation").hint == .nameScopes)
        let organization = try OrganizationURL("contoso")
        let refused = PATServiceError.refused(PATTokenError(rawValue: "invalidScope"), status: 400)
            .credentialError(organization, doing: "creating a token")
        expectNeutral(refused, .listScopes, "a refused scope")
        expectNeutral(
            PATServiceError.signInRefused(status: 401).credentialError(organization, doing: "listing tokens"),
            .signInToAzureCLI, "a refused sign-in")
        expectNeutral(
            caught { () throws(CredentialError) in _ = try manager().patOrganization(nil) },
            .nameOrganization,
            "no organization")
        expectNeutral(
            caught { () throws(CredentialError) in _ = try AccountManager.patScope(["vso.code;rm"]) },
            .listScopes,
            "a bad scope")
    }
}
