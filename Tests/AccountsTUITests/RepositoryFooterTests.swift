import CredentialCore
import TestSupport
import Testing

@testable import AccountsUI

/// The footer's "which credential applies" line says when the directory's git remote, which
/// az devops uses before the default organization, decides.
@Suite struct RepositoryFooterTests {
    @Test func theFooterSaysWhichOrganizationIsUsedHere() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso", "fabrikam"])
        let session = await fixture.session()
        var model = session.model
        let git = try GitFixture()
        let clone = try git.repository(
            "clone", remotes: [("origin", "https://dev.azure.com/fabrikam/Web/_git/site")])
        model.repository = RepositoryContext.detect(in: clone, environment: git.core)
        let rows = try #require(model.list?.rows)
        let contoso = try #require(rows.first { $0.organization == "https://dev.azure.com/contoso" })
        let fabrikam = try #require(rows.first { $0.organization == "https://dev.azure.com/fabrikam" })
        #expect(
            ScreenParts.detail(of: fabrikam, model)
                == "https://dev.azure.com/fabrikam uses its own PAT (file) · used here (git remote 'origin')"
        )
        #expect(
            ScreenParts.detail(of: contoso, model)
                == "https://dev.azure.com/contoso uses its own PAT (file) · not used here: the git remote 'origin' is https://dev.azure.com/fabrikam's"
        )
        model.repository = nil
        #expect(
            ScreenParts.detail(of: contoso, model)
                == "https://dev.azure.com/contoso uses its own PAT (file)")
    }
}
