import Testing

@testable import CredentialCore

@Suite struct OrganizationMatchTests {
    let stored = [
        "https://dev.azure.com/fabrikam", "https://dev.azure.com/fabric", "https://contoso.visualstudio.com",
        "https://tfs.example.com:8080/tfs",
    ].map { try! OrganizationURL($0) }

    func names(_ match: OrganizationMatch) -> [String] {
        switch match {
        case .none: []
        case .unique(let organization): [organization.canonicalURL]
        case .ambiguous(let organizations): organizations.map(\.canonicalURL)
        }
    }

    @Test func wholeNamesThenPrefixesThenParts() {
        #expect(names(OrganizationMatch.find("fabric", among: stored)) == ["https://dev.azure.com/fabric"])
        #expect(names(OrganizationMatch.find("FABRIK", among: stored)) == ["https://dev.azure.com/fabrikam"])
        #expect(
            names(OrganizationMatch.find("fab", among: stored))
                == ["https://dev.azure.com/fabric", "https://dev.azure.com/fabrikam"])
        #expect(
            names(OrganizationMatch.find("contoso", among: stored)) == ["https://contoso.visualstudio.com"])
        #expect(names(OrganizationMatch.find("tfs", among: stored)) == ["https://tfs.example.com:8080/tfs"])
        #expect(names(OrganizationMatch.find("ikam", among: stored)) == ["https://dev.azure.com/fabrikam"])
        #expect(names(OrganizationMatch.find("northwind", among: stored)).isEmpty)
    }
}
