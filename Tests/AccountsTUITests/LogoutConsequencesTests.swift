import CredentialCore
import Testing

@testable import AccountsUI

@Suite("The core's account of a logout, before it happens")
struct LogoutConsequencesTests {
    @Test func itAgreesWithWhatLogoutThenDoes() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["alpha", "bravo"], defaultCredential: true)
        try fixture.manager.defaults.configure(["organization=https://dev.azure.com/Bravo"])
        let list = try fixture.manager.accounts()
        let keys = [try key("bravo"), try key("nowhere")]
        let consequences = list.consequencesOfLogout(keys)
        #expect(consequences.removed == [try key("bravo")])
        #expect(consequences.nothingStored == [try key("nowhere")])
        #expect(consequences.defaultOrganization == .cleared("https://dev.azure.com/Bravo"))
        #expect(consequences.organizationsLeftWithoutToken.isEmpty)
        let result = try fixture.manager.logout(keys)
        #expect(result.removed == consequences.removed)
        #expect(result.clearedDefaultOrganization)
    }

    @Test func removingTheDefaultCredentialOrphansOrganizationsWithoutTheirOwn() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["alpha"], defaultCredential: true)
        try fixture.manager.defaults.configure(["organization=lonely"])
        let list = try fixture.manager.accounts()
        let consequences = list.consequencesOfLogout([.defaultCredential])
        #expect(consequences.removed == [.defaultCredential])
        #expect(consequences.defaultOrganization == .kept("https://dev.azure.com/lonely"))
        #expect(consequences.organizationsLeftWithoutToken == [try key("lonely")])
        #expect(
            list.consequencesOfLogout([.defaultCredential, try key("lonely")]).organizationsLeftWithoutToken
                == [try key("lonely")])
    }

    @Test func anEnvironmentOverrideIsReported() async throws {
        let fixture = try Fixture(environment: [
            "AZURE_DEVOPS_EXT__DEFAULTS_ORGANIZATION": "https://dev.azure.com/alpha",
            "AZURE_DEVOPS_EXT_PAT": "x",
        ])
        try await fixture.seed(["alpha"], defaultCredential: true)
        let consequences = try fixture.manager.accounts().consequencesOfLogout([
            try key("alpha"), .defaultCredential,
        ])
        #expect(
            consequences.defaultOrganization
                == .overridden(
                    variable: "AZURE_DEVOPS_EXT__DEFAULTS_ORGANIZATION", value: "https://dev.azure.com/alpha")
        )
        #expect(
            consequences.organizationsLeftWithoutToken.isEmpty, "the PAT variable still gives them a token")
    }

    @Test func theTokenSourceOfARowMatchesTheListingsRule() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["alpha"], defaultCredential: true)
        try fixture.manager.defaults.configure(["organization=lonely"])
        let list = try fixture.manager.accounts()
        // Both lookups are optional: without these, two nils (or no rows) would pass.
        #expect(list.rows.map(\.key) == [try key("alpha"), try key("lonely"), .defaultCredential])
        let alpha = try #require(list.row(for: try key("alpha")))
        let lonely = try #require(list.row(for: try key("lonely")))
        let defaultCredential = try #require(list.row(for: .defaultCredential))
        let store = try #require(alpha.stores.first)
        #expect(list.tokenSource(for: alpha) == .organization(try key("alpha"), store))
        #expect(list.tokenSource(for: lonely) == .defaultCredential(store), "no token of its own")
        #expect(list.tokenSource(for: defaultCredential) == .defaultCredential(store))
        for row in list.rows {
            let source = try #require(list.tokenSource(for: row), "\(row.key)")
            #expect(source == list.tokenSource(for: row.key))
        }
    }
}
