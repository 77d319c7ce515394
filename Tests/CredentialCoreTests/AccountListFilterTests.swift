import Testing

@testable import CredentialCore

/// The account manager's filter, which the core owns so that the TUI knows nothing of keys.
@Suite struct AccountListFilterTests {
    func row(_ key: String) throws -> AccountList.Row {
        AccountList.Row(
            key: try #require(CredentialKey(stored: key)), stores: [.file], isDefaultOrganization: false,
            isIndexed: true, isRaw: false, hostWarning: nil)
    }

    @Test func theURLMatchesWhateverTheCaseOfAStoredKey() throws {
        // az stores the key as the user typed the URL, capitals included.
        let stored = try row("azdevops-cli:https://dev.azure.com/Contoso")
        #expect(stored.matches(filter: Array("contoso".utf8)))
        #expect(stored.matches(filter: Array("dev.azure.com/con".utf8)))
        #expect(!stored.matches(filter: Array("fabrikam".utf8)))
        #expect(
            !stored.matches(filter: Array("azdevops-cli".utf8)), "the key's prefix is not part of the URL")
    }

    @Test func theDefaultCredentialMatchesTheWordsThatNameIt() throws {
        let any = try row(CredentialKey.defaultCredential.rawValue)
        #expect(any.matches(filter: Array("default".utf8)))
        #expect(any.matches(filter: Array("any org".utf8)))
        #expect(!any.matches(filter: Array("contoso".utf8)))
    }

    @Test func anEmptyQueryMatchesEverything() throws {
        #expect(try row("azdevops-cli:https://dev.azure.com/x").matches(filter: []))
    }
}
