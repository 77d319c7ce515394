import Testing

@testable import CredentialCore

@Suite struct OrganizationURLTests {
    /// Every vector of docs/storage.md §3.
    @Test(arguments: [
        ("https://dev.azure.com/MyOrg", "https://dev.azure.com/myorg"),
        ("https://dev.azure.com/MyOrg/", "https://dev.azure.com/myorg"),
        ("https://dev.azure.com/AzureDevOpsCliOrg////", "https://dev.azure.com/azuredevopscliorg"),
        ("https://dev.azure.com/Org/Project/_workitems/recentlycreated/", "https://dev.azure.com/org"),
        ("HTTPS://Dev.Azure.com/MyOrg", "https://dev.azure.com/myorg"),
        ("http://dev.azure.com/myorg", "http://dev.azure.com/myorg"),
        ("https://dev.azure.com", "https://dev.azure.com"),
        ("https://dev.azure.com/", "https://dev.azure.com/"),
        ("https://MyOrg.visualstudio.com", "https://myorg.visualstudio.com"),
        ("https://mseng.visualstudio.com///", "https://mseng.visualstudio.com"),
        ("https://myorg.visualstudio.com/DefaultCollection/", "https://myorg.visualstudio.com"),
        ("https://tfs.contoso.com:8080/tfs/DefaultCollection", "https://tfs.contoso.com:8080/tfs"),
        ("https://user@dev.azure.com/MyOrg/P/_git/R", "https://user@dev.azure.com/myorg"),
        ("https://dev.azure.com/My%20Org", "https://dev.azure.com/my%20org"),
    ])
    func contractVector(input: String, key: String) throws {
        // What az accepts and stores; typed, a URL with user information is refused (see
        // userInformationIsRefusedWhenTypedAndKeptWhenStored).
        let organization = try OrganizationURL(stored: input)
        #expect(organization.key.rawValue == "azdevops-cli:" + key)
        #expect(
            organization.url == (Self.pastedAddresses[input] ?? input),
            "an organization's URL is kept as typed for config; a longer address is its organization's")
        if !input.contains("@") { #expect(try OrganizationURL(input) == organization) }
        #expect(OrganizationURL(key: organization.key)?.key == organization.key)
    }

    /// The contract's vectors that are project or work-item addresses, and the organization URL
    /// each stands for in config (the key is unchanged).
    static let pastedAddresses = [
        "https://dev.azure.com/Org/Project/_workitems/recentlycreated/": "https://dev.azure.com/Org",
        "https://myorg.visualstudio.com/DefaultCollection/": "https://myorg.visualstudio.com",
        "https://user@dev.azure.com/MyOrg/P/_git/R": "https://user@dev.azure.com/MyOrg",
    ]

    /// A project or repository address pasted where an organization is asked for means the
    /// organization: in config, in the key, and for connectionData.
    @Test(arguments: [
        ("https://dev.azure.com/contoso/Web/_git/site", "https://dev.azure.com/contoso"),
        ("https://dev.azure.com/Contoso/Web", "https://dev.azure.com/Contoso"),
        ("https://dev.azure.com/contoso/Web/_git/site?path=/README.md", "https://dev.azure.com/contoso"),
        ("https://dev.azure.com/contoso?view=all", "https://dev.azure.com/contoso"),
        ("dev.azure.com/contoso/Web/_build", "https://dev.azure.com/contoso"),
        ("https://contoso@dev.azure.com/contoso/Web/_git/site", "https://dev.azure.com/contoso"),
        ("git@ssh.dev.azure.com:v3/contoso/Web/site", "https://dev.azure.com/contoso"),
        ("contoso@vs-ssh.visualstudio.com:v3/contoso/Web/site", "https://contoso.visualstudio.com"),
        ("https://contoso.visualstudio.com/Web/_git/site", "https://contoso.visualstudio.com"),
        (
            "https://contoso.visualstudio.com/DefaultCollection/Web/_git/site",
            "https://contoso.visualstudio.com"
        ),
        ("https://Contoso.VisualStudio.com/Web", "https://Contoso.VisualStudio.com"),
    ])
    func aPastedAddressMeansItsOrganization(input: String, url: String) throws {
        let organization = try OrganizationURL(input)
        #expect(organization.url == url)
        #expect(organization.key == (try OrganizationURL(url)).key)
        #expect(organization.connectionDataURL == (try OrganizationURL(url)).connectionDataURL)
    }

    /// Organization URLs and server addresses are kept as typed.
    @Test(arguments: [
        "https://dev.azure.com/Contoso/", "https://dev.azure.com/AzureDevOpsCliOrg////",
        "https://dev.azure.com",
        "https://contoso.visualstudio.com/", "https://tfs.contoso.com/tfs/DefaultCollection/Web/_git/site",
        "https://dev.azure.com/Or;g/Project/_git/r",
    ])
    func anOrganizationOrServerAddressIsKept(input: String) throws {
        #expect(try OrganizationURL(input).url == input)
    }

    @Test(arguments: [
        ("https://dev.azure.com/MyOrg?view=all#top", "https://dev.azure.com/myorg"),
        ("https://dev.azure.com?x=1", "https://dev.azure.com"),
        ("https://dev.azure.com/org;params", "https://dev.azure.com/org"),
        ("http://127.0.0.1:8080/Local", "http://127.0.0.1:8080/local"),
        ("https://[::1]:8443/tfs/Coll", "https://[::1]:8443/tfs"),
        ("https://tfs.contoso.com/visualstudio.com/x", "https://tfs.contoso.com"),
    ])
    func normalizationDetails(input: String, key: String) throws {
        #expect(try OrganizationURL(input).key.organizationURL == key)
    }

    @Test func bareNameExpandsToDevAzureCom() throws {
        let organization = try OrganizationURL("Contoso")
        #expect(organization.url == "https://dev.azure.com/Contoso")
        #expect(organization.key.rawValue == "azdevops-cli:https://dev.azure.com/contoso")
    }

    @Test func hostAndPathWithoutSchemeGetsHTTPS() throws {
        #expect(try OrganizationURL("dev.azure.com/fabrikam").url == "https://dev.azure.com/fabrikam")
        #expect(
            try OrganizationURL("fabrikam.visualstudio.com").key.organizationURL
                == "https://fabrikam.visualstudio.com")
    }

    @Test(arguments: [
        ("", "empty"),
        (" https://dev.azure.com/org", "space"),
        ("https://dev.azure.com/org /x", "starts or ends with a space"),
        ("https://dev.azure.com/ org", "starts or ends with a space"),
        ("https://dev.azure.com/org ", "starts or ends with a space"),
        ("https://dev.azure.com/a\tb", "control character"),
        ("https://dev.azure.com/org\n", "control character"),
        ("https://dev.azure.com/\u{1B}[31morg", "control character"),
        ("https://dev.azure.com/\u{202E}gro", "control character"),
        ("ftp://dev.azure.com/org", "scheme 'ftp'"),
        ("javascript:alert(1)", "scheme 'javascript'"),
        ("file:///etc/passwd", "scheme 'file'"),
        ("https://", "no host"),
        ("https:///org", "no host"),
        ("https://user:secret@dev.azure.com/org", "password"),
        ("https://dev.azure.com:99999/org", "invalid port"),
        ("https://dev.azure.com:/org", "invalid port"),
        ("https://dev azure.com", "space"),
        ("https://dev.azure.com<script>/org", "invalid host"),
        ("not a url", "space"),
        ("-org", "neither a URL nor an organization name"),
    ])
    func invalidInputIsRefusedWithAReason(input: String, reason: String) {
        #expect {
            try OrganizationURL(input)
        } throws: { error in
            guard let error = error as? CredentialError else { return false }
            return error.kind == .invalidInput && error.message.contains(reason)
                && !error.message.contains("\n")
        }
    }

    @Test func overlongInputIsRefused() {
        let long = "https://dev.azure.com/" + String(repeating: "a", count: 10_000)
        #expect(throws: CredentialError.self) { try OrganizationURL(long) }
    }

    @Test func errorMessagesDoNotCarryEscapes() throws {
        do {
            _ = try OrganizationURL("\u{1B}]0;pwned\u{7}x:y")
            Issue.record("accepted an escape sequence")
        } catch {
            #expect(!error.message.contains("\u{1B}"))
        }
    }

    @Test(arguments: [
        ("https://dev.azure.com/Contoso/Web/_git/app", "https://dev.azure.com/contoso/_apis/connectionData"),
        (
            "https://Contoso.visualstudio.com/DefaultCollection",
            "https://contoso.visualstudio.com/_apis/connectionData"
        ),
        (
            "https://tfs.example.com:8080/tfs/DefaultCollection/",
            "https://tfs.example.com:8080/tfs/DefaultCollection/_apis/connectionData"
        ),
        ("https://me@dev.azure.com/org", "https://dev.azure.com/org/_apis/connectionData"),
        ("http://127.0.0.1:9/valid", "http://127.0.0.1:9/valid/_apis/connectionData"),
        (
            "https://tfs.example.com/tfs/Coll/Project/_git/repo",
            "https://tfs.example.com/tfs/Coll/Project/_apis/connectionData"
        ),
    ])
    func connectionDataAddress(input: String, expected: String) throws {
        #expect(try OrganizationURL(stored: input).connectionDataURL == expected)
    }

    @Test func keysRoundTripThroughStoredText() throws {
        let key = try OrganizationURL("https://dev.azure.com/Contoso").key
        #expect(CredentialKey(stored: key.rawValue) == key)
        #expect(CredentialKey(stored: "azdevops-cli: default") == .defaultCredential)
        #expect(CredentialKey(stored: "something else") == nil)
        #expect(
            OrganizationURL(key: try #require(CredentialKey(stored: "azdevops-cli:https://x.com/a b"))) != nil
        )
        #expect(OrganizationURL(key: key)?.canonicalURL == "https://dev.azure.com/contoso")
        #expect(OrganizationURL(key: .defaultCredential) == nil)
    }

    @Test func defaultCredentialSortsLast() throws {
        let keys = [
            CredentialKey.defaultCredential, try OrganizationURL("b").key, try OrganizationURL("a").key,
        ]
        #expect(
            keys.sorted().map(\.rawValue) == [
                "azdevops-cli:https://dev.azure.com/a", "azdevops-cli:https://dev.azure.com/b",
                "azdevops-cli: default",
            ])
    }
    /// The short form the TUI shows in narrow columns is one the command line reads back.
    @Test(
        arguments: [
            ("https://dev.azure.com/contoso", "contoso"),
            ("https://dev.azure.com/my-org_1", "my-org_1"),
            ("https://dev.azure.com/a.b", nil),
            ("https://dev.azure.com/a/b", nil),
            ("https://contoso.visualstudio.com", nil),
            ("http://dev.azure.com/contoso", nil),
        ] as [(String, String?)])
    func aBareNameStandsForItsURL(url: String, name: String?) throws {
        #expect(OrganizationURL.bareName(of: url) == name)
        if let name { #expect(try OrganizationURL(name).url == url) }
    }

    /// The byte-level shortcuts taken for an organization's own URL (checked on every run) decide
    /// as the character-level rules do, on the edges where bytes and characters part.
    @Test func shortcutsDecideAsTheFullRules() {
        for segment in [".", "..", "%2e", "%2E", ".%2e", "%2E.", "%2e%2E"] {
            #expect(URLParts.hasDotSegment("https://dev.azure.com/" + segment + "/x"), "\(segment)")
        }
        for segment in ["...", "%2e%2e%2e", "%2", "%2f", ".a", "%2e\u{301}", ".\u{301}", ""] {
            #expect(!URLParts.hasDotSegment("https://dev.azure.com/" + segment + "/x"), "\(segment)")
        }
        // A '/' carrying a combining mark separates no segment, so ".." is not one here.
        #expect(!URLParts.hasDotSegment("https://dev.azure.com/a/../\u{301}b"))
        #expect(OrganizationURL.reducedToOrganization("https://dev.azure.com/org") == nil)
        #expect(
            OrganizationURL.reducedToOrganization("https://Org.VisualStudio.com/x")
                == "https://Org.VisualStudio.com")
        #expect(OrganizationURL.reducedToOrganization("https://u@contoso.visualstudio.com:443/x") != nil)
        #expect(
            OrganizationURL.reducedToOrganization("https://dev.azure.com/org?x")
                == "https://dev.azure.com/org")
        #expect(
            OrganizationURL.reducedToOrganization("https://dev.azure.com/org/p\u{301}")
                == "https://dev.azure.com/org")
        #expect(
            AzureDevOpsRemote("https://dev.azure.com/o/p/_GIT/r")?.organizationURL
                == "https://dev.azure.com/o")
        #expect(
            AzureDevOpsRemote("git@ssh.dev.azure.com:v3/o/p/r")?.organizationURL == "https://dev.azure.com/o")
        #expect(AzureDevOpsRemote("https://dev.azure.com/o/p/_gıt/r") == nil)
        // A key's URL follows the prefix's ':', which a combining mark joins as one character.
        #expect(
            CredentialKey(stored: "azdevops-cli:https://dev.azure.com/o")?.organizationURL
                == "https://dev.azure.com/o")
        #expect(CredentialKey(stored: "azdevops-cli:")?.organizationURL == "")
        #expect(CredentialKey(stored: "azdevops-cli:\u{301}x")?.organizationURL == "x")
        #expect(CredentialKey(stored: "azdevops-cli:é")?.organizationURL == "é")
        #expect(
            OrganizationURL.listingTraits(of: CredentialKey(organizationKey: "https://dev.azure.com/o")) == (
                false, nil
            ))
    }
}

@Suite struct CanonicalEquivalenceTests {
    /// U+037E (GREEK QUESTION MARK) is canonically a semicolon, so Swift's Character search finds
    /// ";" in it; urlparse does not, and keeps it in the path. The key keeps it too, and reads back.
    @Test func aGreekQuestionMarkIsNoParameterSeparator() throws {
        let organization = try OrganizationURL("https://dev.azure.com/.\u{037E}gs")
        #expect(organization.key.rawValue == "azdevops-cli:https://dev.azure.com/.\u{037E}gs")
        #expect(try OrganizationURL(#require(organization.key.organizationURL)).key == organization.key)
    }
}
