import CredentialCore
import TestSupport
import Testing

@testable import AccountsUI

@Suite("Enter makes the selected organization the default")
struct DefaultOrganizationTests {
    @Test func enterSwitchesTheDefaultThroughTheCore() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso", "fabrikam"])
        var session = await fixture.session()
        #expect(session.frame.line(session.frame.row(containing: "contoso")!).hasPrefix(" ★"))
        session.press("j")
        session.press(.enter)
        #expect(session.takePending() == [.setDefault(try OrganizationURL("https://dev.azure.com/fabrikam"))])
        #expect(session.model.isBusy)

        session.press("k", "j", .enter)
        await session.settle()
        #expect(
            FileSnapshot.text(fixture.configFile)?.contains("organization = https://dev.azure.com/fabrikam")
                == true)
        #expect(
            session.model.status?.text
                == "dev.azure.com/fabrikam is the default organization now; it uses its own PAT (file).")
        #expect(
            session.frame.contains(
                "dev.azure.com/fabrikam is the default organization now; it uses its own PAT"))
        let fabrikam = try #require(session.frame.row(containing: "dev.azure.com/fabrikam "))
        #expect(session.frame.line(fabrikam).hasPrefix(" ★"))
        #expect(session.frame.style(of: "★")?.role == .defaultMark)
        #expect(!session.frame.line(session.frame.row(containing: "contoso")!).contains("★"))
    }

    @Test func theDefaultCredentialAndTheCurrentDefaultAreNotChanged() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso"], defaultCredential: true)
        var session = await fixture.session()
        session.press(.enter)
        #expect(session.takePending().isEmpty)
        #expect(session.frame.contains("dev.azure.com/contoso is already the default organization."))
        session.press("j", .enter)
        #expect(session.takePending().isEmpty)
        #expect(session.frame.contains("The default credential is not an organization"))
    }

    /// Default only through the environment: Enter still writes the file, and says the
    /// variable wins while it is set.
    @Test func aDefaultOnlyThroughTheEnvironmentIsWrittenToTheFile() async throws {
        let fixture = try Fixture(environment: [
            "AZURE_DEVOPS_EXT__DEFAULTS_ORGANIZATION": "https://dev.azure.com/fabrikam"
        ])
        try await fixture.seed(["contoso", "fabrikam"])
        var session = await fixture.session()
        let fabrikam = try #require(session.frame.row(containing: "dev.azure.com/fabrikam "))
        #expect(session.frame.line(fabrikam).hasPrefix(" ★"))
        session.press("j", .enter)
        #expect(session.pending == [.setDefault(try OrganizationURL("https://dev.azure.com/fabrikam"))])
        await session.settle()
        #expect(
            FileSnapshot.text(fixture.configFile)?.contains("organization = https://dev.azure.com/fabrikam")
                == true)
        #expect(
            session.model.status?.text
                == "dev.azure.com/fabrikam is the default organization now; it uses its own PAT (file). AZURE_DEVOPS_EXT__DEFAULTS_ORGANIZATION overrides it while it is set."
        )
    }

    @Test func aFailureIsShownAndTheListReloaded() async throws {
        var session = await try Fixture().session()
        session.send(
            .defaultChanged(.failure(CredentialError(.storage, "The config file could not be written."))))
        #expect(session.frame.style(of: "The config file could not be written.")?.role == .error)
        #expect(session.takePending() == [.load(generation: 2)])
    }
}
