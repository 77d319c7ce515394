import CredentialCore
import Foundation
import TestSupport
import Testing

/// `pat` and `logout --revoke` in-process, against a local PAT lifecycle service on 127.0.0.1
/// and a scripted `az` that hands out the Entra token.
@Suite struct PATLifecycleTests {
    let cli: CLI
    let az: ScriptedAzureCLI
    let service: LocalPATService
    let jane = ScriptedAzureCLI.Account(
        user: "jane@contoso.com", tenant: "72f988bf-0000-0000-0000-000000000001")
    let entra = "entra-token-of-jane-0123456789"

    init() throws {
        az = try ScriptedAzureCLI()
        cli = try CLI()
        cli.environment["PATH"] = az.binDirectory + ":" + inheritedPath
        cli.environment["AZURE_CONFIG_DIR"] = az.configDirectory
        service = try LocalPATService()
        try az.signIn([jane])
        try az.token(entra, forTenant: jane.tenant)
        service.acceptBearer(entra)
    }

    var contoso: String { service.organization("contoso") }
    /// az devops' directory under AZURE_CONFIG_DIR, as az keeps it.
    var devopsDirectory: String { az.configDirectory + "/azuredevops" }
    var state: String { FileSnapshot.text(devopsDirectory + "/ado-accounts.state") ?? "" }
    var storedFile: String { FileSnapshot.text(devopsDirectory + "/personalAccessTokens") ?? "" }

    /// Every secret this test saw must appear nowhere people or logs can read.
    func expectNoSecret(in texts: [String], _ secrets: [String]) {
        for text in texts {
            for secret in secrets {
                #expect(!text.contains(secret), "a secret leaked into: \(text.prefix(200))")
            }
        }
    }

    @discardableResult
    func create(_ extra: String...) async throws -> CommandResult {
        let result = try await cli.run(["pat", "create", "--org", contoso] + extra, input: nil)
        #expect(result.status == 0, "\(result.output)")
        return result
    }

    @Test func withoutAnAzureSignInOneLineNamesAzLogin() async throws {
        try az.writeProfile(ScriptedAzureCLI.profile([]))
        let result = try await cli.run("pat", "list", "--org", contoso)
        #expect(result.status == 4)
        #expect(result.errorLines.count == 1)
        #expect(result.standardError.contains("Sign in with 'ado-accounts az-login'"))
        #expect(service.requests.isEmpty)
    }

    @Test func createStoresChecksAndRemembersWithoutPrintingTheToken() async throws {
        let result = try await create("--name", "laptop", "--days", "10")
        let entry = try #require(service.entry(named: "laptop"))
        #expect(entry.scope == AccountManager.defaultPATScopes.joined(separator: " "))
        #expect(!entry.allOrgs)
        #expect(entry.validTo.hasPrefix("2026-12-16T22:00:00"))
        #expect(storedFile.contains(entry.token), "stored where login stores it")
        #expect(service.requests.contains { $0.target.hasPrefix("/contoso/_apis/connectionData") }, "checked")
        #expect(state.contains("authorization = \(entry.authorizationID)"))
        #expect(state.contains("expires = 2026-12-16T22:00:00Z"))
        #expect(state.contains("outcome = valid"))
        #expect(result.standardError.contains("Created 'laptop'"))
        #expect(result.standardError.contains("valid until 2026-12-16"))
        // Only az's own call carries the Entra token out (its output pipe); the API saw it as Bearer.
        let apiCalls = service.requests.filter { $0.target.contains("/_apis/tokens/pats") }
        #expect(apiCalls.allSatisfy { $0.headers["authorization"] == "Bearer \(entra)" })
        #expect(apiCalls.first?.body.contains("\"allOrgs\":false") == true)
        expectNoSecret(
            in: [result.output, state] + az.calls + service.requests.map(\.target), [entry.token, entra])
    }

    @Test func listFollowsEveryPageAndMarksTheStoredOne() async throws {
        service.setPageSize(2)
        for name in ["a", "b", "c", "d"] { service.addPAT(name: name) }
        try await create("--name", "e")
        let result = try await cli.run("pat", "list", "--org", contoso)
        #expect(result.status == 0, "\(result.output)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 6, "a header and five tokens, over three pages")
        #expect(lines.last?.hasPrefix("*  e ") == true)
        #expect(lines.filter { $0.hasPrefix("*") }.count == 1)
        #expect(service.requests.filter { $0.target.contains("continuationToken=") }.count == 2)
    }

    /// A continuation token seen before is a loop: the list stops there, not after 100 pages.
    @Test func aListThatLoopsBackStopsAtTheFirstRepeat() async throws {
        service.setPageSize(2)
        for name in ["a", "b", "c"] { service.addPAT(name: name) }
        service.loopPages()
        let result = try await cli.run("pat", "list", "--org", contoso)
        #expect(result.status == 4, "\(result.output)")
        #expect(result.errorLines.count == 1)
        #expect(service.requests.filter { $0.target.contains("tokens/pats") }.count == 3)
    }

    /// What the service names in an answer it cannot read is printed inert, never to the terminal.
    @Test(arguments: [200, 500])
    func aRefusalNameWithEscapesIsPrintedInert(status: Int) async throws {
        let hostile = #"{"patTokens":5,"patTokenError":"\u001b]0;owned\u0007\u001b[2J"}"#
        service.answerNext("list", status: status, body: hostile)
        let result = try await cli.run("pat", "list", "--org", contoso)
        #expect(result.status != 0)
        #expect(result.errorLines.count == 1)
        #expect(!result.output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }

    /// An entry that names no organizations (a global PAT, or an answer that left the field out)
    /// is never renewed or rotated into one valid for all organizations.
    @Test func renewAndRotateNeverAskForAllOrganizations() async throws {
        let global = service.addPAT(name: "everywhere", days: 50, allOrgs: true)
        #expect(try await cli.run("login", "--org", contoso, input: global.token + "\n").status == 0)
        #expect(try await cli.run("pat", "link", "--org", contoso, "--name", "everywhere").status == 0)
        #expect(try await cli.run("pat", "renew", "--org", contoso, "--days", "5").status == 0)
        #expect(service.entry(named: "everywhere")?.allOrgs == false)
        service.makeEveryEntryGlobal()
        let rotated = try await cli.run("pat", "rotate", "--org", contoso)
        #expect(rotated.status == 0, "\(rotated.output)")
        #expect(service.entries.filter { !$0.revoked }.allSatisfy { !$0.allOrgs })
    }

    @Test func renewExtendsTheExpiryAndKeepsTheToken() async throws {
        try await create("--name", "laptop", "--days", "10")
        let before = try #require(service.entry(named: "laptop"))
        let result = try await cli.run("pat", "renew", "--org", contoso, "--days", "40")
        #expect(result.status == 0, "\(result.output)")
        let after = try #require(service.entry(named: "laptop"))
        #expect(after.token == before.token)
        #expect(after.validTo.hasPrefix("2027-01-15T22:00:00"))
        #expect(state.contains("expires = 2027-01-15T22:00:00Z"))
        #expect(result.standardError.contains("valid until 2027-01-15"))
    }

    @Test func renewBeyondThePolicyIsOneClearSentence() async throws {
        try await create("--name", "laptop", "--days", "10")
        service.setMaximumLifespan(days: 30)
        let result = try await cli.run("pat", "renew", "--org", contoso, "--days", "90")
        #expect(result.status == 3)
        #expect(
            result.errorLines == [
                "ado-accounts: \(contoso) refused renewing the token: the expiry is beyond the organization's maximum PAT lifespan. Ask for fewer --days."
            ])
        #expect(state.contains("expires = 2026-12-16T22:00:00Z"), "the remembered expiry is unchanged")
    }

    @Test func rotateStoresANewTokenAndOnlyThenRevokesTheOld() async throws {
        try await create("--name", "laptop", "--scope", "vso.code", "vso.work", "--days", "20")
        let old = try #require(service.entry(named: "laptop"))
        let result = try await cli.run("pat", "rotate", "--org", contoso)
        #expect(result.status == 0, "\(result.output)")
        let new = try #require(service.entries.last)
        #expect(new.authorizationID != old.authorizationID)
        #expect(new.displayName == "laptop" && new.scope == "vso.code vso.work")
        #expect(new.validTo.hasPrefix("2026-12-26T22:00:00"), "the same lifespan")
        #expect(service.isLive(new.token) && !service.isLive(old.token))
        #expect(storedFile.contains(new.token) && !storedFile.contains(old.token))
        #expect(state.contains("authorization = \(new.authorizationID)"))
        let methods = service.requests.filter { $0.target.contains("tokens/pats") }.map(\.method)
        #expect(methods.suffix(3) == ["GET", "POST", "DELETE"])
        expectNoSecret(in: [result.output, state] + az.calls, [old.token, new.token, entra])
    }

    /// Rotation revokes the linked token, never another one the service named in its answer.
    @Test func rotationNeverRevokesATokenItWasNotAskedAbout() async throws {
        try await create("--name", "laptop")
        let linked = try #require(service.entry(named: "laptop"))
        let bystander = service.addPAT(name: "CI")
        service.answerNextGet(withEntryOf: bystander.authorizationID)
        let result = try await cli.run("pat", "rotate", "--org", contoso)
        #expect(result.status != 0, "\(result.output)")
        #expect(result.errorLines.count == 1)
        #expect(service.isLive(bystander.token), "the CI token was revoked")
        #expect(service.isLive(linked.token) && storedFile.contains(linked.token))
        #expect(service.entries.count == 2, "no new token made")
    }

    @Test func anAuthorizationIDThatReordersTextIsPrintedInert() async throws {
        service.nameNextAuthorization("00000000-\u{202E}0000")
        try await create("--name", "laptop")
        let result = try await cli.run("pat", "rotate", "--org", contoso)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.standardError.contains("revoked the old one"))
        #expect(!result.output.unicodeScalars.contains("\u{202E}"))
    }

    /// az (or any other tool) replacing the stored token leaves the link naming the old one:
    /// revoking, renewing or rotating by it would act on the wrong token, so each is refused
    /// until the new token is linked.
    @Test func aTokenReplacedBehindOurBackIsNeverActedOnByItsOldLink() async throws {
        try await create("--name", "laptop")
        let old = try #require(service.entry(named: "laptop"))
        let other = service.addPAT(name: "desktop", days: 50)
        // What az's own login does: the token file's section rewritten, nothing else.
        try FileSnapshot.write(
            storedFile.replacing(old.token, with: other.token), to: devopsDirectory + "/personalAccessTokens")
        for command in ["revoke", "renew", "rotate"] {
            let result = try await cli.run("pat", command, "--org", contoso)
            #expect(result.status == 1, "\(command): \(result.output)")
            #expect(
                result.standardError.contains("was replaced since ado-accounts linked it"), "\(result.output)"
            )
            #expect(result.standardError.contains("pat link --organization"), "\(result.output)")
        }
        #expect(service.isLive(old.token) && service.isLive(other.token), "nothing revoked")
        #expect(storedFile.contains(other.token), "nothing removed")
        #expect(try await cli.run("pat", "link", "--org", contoso, "--name", "desktop").status == 0)
        #expect(try await cli.run("pat", "revoke", "--org", contoso).status == 0)
        #expect(!service.isLive(other.token) && service.isLive(old.token))
    }

    @Test func revokeRevokesAtTheServiceThenRemovesLocally() async throws {
        try await create("--name", "laptop")
        let entry = try #require(service.entry(named: "laptop"))
        let result = try await cli.run("logout", "--revoke", "--org", contoso)
        #expect(result.status == 0, "\(result.output)")
        #expect(!service.isLive(entry.token))
        #expect(!storedFile.contains(entry.token))
        #expect(result.standardError.contains("Revoked 'laptop'"))
        #expect(!state.contains(entry.authorizationID))
    }

    @Test func aStoredTokenNobodyLinkedIsNeverRevokedRenewedOrRotated() async throws {
        let pasted = service.addPAT(name: "from the web")
        #expect(try await cli.run("login", "--org", contoso, input: pasted.token + "\n").status == 0)
        for verb in ["revoke", "renew", "rotate"] {
            let result = try await cli.run("pat", verb, "--org", contoso)
            #expect(result.status == 1)
            #expect(result.standardError.contains("pat link"))
        }
        #expect(service.isLive(pasted.token) && storedFile.contains(pasted.token))
        #expect(!service.requests.contains { $0.target.contains("tokens/pats") })
    }

    @Test func linkNeedsExactlyOneActiveTokenOfThatName() async throws {
        let pasted = service.addPAT(name: "laptop", days: 50)
        service.addPAT(name: "twin")
        service.addPAT(name: "twin")
        #expect(try await cli.run("login", "--org", contoso, input: pasted.token + "\n").status == 0)

        let none = try await cli.run("pat", "link", "--org", contoso, "--name", "desktop")
        #expect(none.status == 1)
        #expect(none.standardError.contains("Active tokens: 'laptop'"))
        let two = try await cli.run("pat", "link", "--org", contoso, "--name", "twin")
        #expect(two.status == 2)
        #expect(two.standardError.contains("2 active tokens are named 'twin'"))
        #expect(!state.contains("authorization ="), "nothing linked")

        let linked = try await cli.run("pat", "link", "--org", contoso, "--name", "laptop")
        #expect(linked.status == 0, "\(linked.output)")
        #expect(state.contains("authorization = \(pasted.authorizationID)"))
        #expect(state.contains("expires = 2027-01-25T22:00:00Z"))
        #expect(try await cli.run("pat", "renew", "--org", contoso, "--days", "5").status == 0)
        #expect(service.entry(named: "laptop")?.validTo.hasPrefix("2026-12-11") == true)
    }

    @Test func anotherTenantsSignInIsTriedWhenTheFirstIsRefused() async throws {
        let other = ScriptedAzureCLI.Account(
            user: "jane@other.example", tenant: "b0000000-0000-0000-0000-000000000002")
        try az.signIn([other, jane])
        try az.token("entra-other-tenant", forTenant: other.tenant)
        try await create("--name", "laptop")
        let bearers = service.requests.compactMap { $0.headers["authorization"] }.filter {
            $0.hasPrefix("Bearer")
        }
        #expect(bearers.first == "Bearer entra-other-tenant")
        #expect(bearers.dropFirst().allSatisfy { $0 == "Bearer \(entra)" })
    }

    @Test func anExpiredSignInNamesAzLogin() async throws {
        service.expireBearer(entra)
        let result = try await cli.run("pat", "create", "--org", contoso)
        #expect(result.status == 3)
        #expect(result.errorLines.count == 1)
        #expect(result.standardError.contains("Sign in again with 'ado-accounts az-login'."))
        #expect(service.entries.isEmpty)
    }

    @Test(arguments: PATTokenError.documented)
    func everyRefusalIsOneSentence(error: String) async throws {
        service.refuseNext("create", with: error)
        let result = try await cli.run("pat", "create", "--org", contoso)
        #expect(result.status == 3)
        #expect(result.errorLines.count == 1)
        #expect(result.standardError.hasPrefix("ado-accounts: \(contoso) refused creating a token: "))
        #expect(!result.standardError.contains(error), "said in words, not the API's name")
        #expect(storedFile.isEmpty)
    }

    @Test func aGlobalPATIsNamedWithItsRetirement() async throws {
        service.addPAT(name: "everything", allOrgs: true)
        let result = try await cli.run("pat", "list", "--org", contoso)
        #expect(result.standardOutput.contains(" all "))
        #expect(result.standardError.contains("global PATs stopped working on 2026-12-01"))
        service.refuseNext("create", with: "globalPatPolicyViolation")
        let refused = try await cli.run("pat", "create", "--org", contoso)
        #expect(
            refused.standardError.contains(
                "global PATs stopped working on 2026-12-01; create one for this organization instead."))
    }

    /// The Entra token opens every organization of the tenant: it goes to Azure DevOps Services'
    /// own hosts, or to this machine, never to a server or a host that only looks like one.
    @Test(arguments: [
        "https://contoso.visualstudio.com.evil.example", "https://dev.azure.com.evil.example/contoso",
        "https://tfs.contoso.example/DefaultCollection",
    ])
    func theSignInIsNeverSentBeyondAzureDevOpsServices(organization: String) async throws {
        let result = try await cli.run("pat", "create", "--org", organization)
        #expect(result.status == 2, "\(result.output)")
        let refusal = try #require(result.errorLines.last)
        #expect(refusal.contains("your Azure CLI sign-in is not sent to"))
        #expect(refusal.hasSuffix("Paste a PAT with 'ado-accounts login' instead."))
        #expect(!az.calls.contains { $0.contains("get-access-token") }, "no Entra token was even fetched")
    }

    @Test func aLocalServerNotWrittenAsLoopbackGetsNoSignIn() async throws {
        // curl reads 127.1 as 127.0.0.1; the rules count it as any other host (see isLoopback).
        let server = "http://127.1:\(service.port)/contoso"
        let result = try await cli.run("pat", "list", "--org", server, "--allow-http")
        #expect(result.status == 2, "\(result.output)")
        #expect(service.requests.isEmpty, "the Entra token reached the server")
    }

    @Test func badScopesAndDaysAreRefusedBeforeAnyRequest() async throws {
        #expect(try await cli.run("pat", "create", "--org", contoso, "--scope", "vso.code;rm").status == 2)
        #expect(try await cli.run("pat", "create", "--org", contoso, "--days", "0").status == 2)
        #expect(try await cli.run("pat", "create", "--org", contoso, "--days", "400").status == 2)
        #expect(service.requests.isEmpty)
    }
}
