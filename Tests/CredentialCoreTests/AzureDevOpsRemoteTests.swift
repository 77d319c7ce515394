import Testing

@testable import CredentialCore

/// Git remote URLs and the organization az devops reaches for each. The expected values are
/// what the extension's own `parse_azure_devops_git_remote` (uri.py at e547b4a, run with
/// Python 3.11) returns for the same strings: the organization URL and the HTTPS repository URL
/// az asks the service about, or nothing (az then falls back to the default organization).
@Suite struct AzureDevOpsRemoteTests {
    static let fabrikam = "https://dev.azure.com/fabrikam"
    static let fabrikamLegacy = "https://fabrikam.visualstudio.com/"
    static let site = "https://dev.azure.com/fabrikam/Web/_git/site"
    static let legacySite = "https://fabrikam.visualstudio.com/Web/_git/site"

    @Test(arguments: [
        // https://dev.azure.com/{org}/{project}/_git/{repo}
        ("https://dev.azure.com/fabrikam/Web/_git/site", fabrikam, site),
        ("https://dev.azure.com/fabrikam/Web/_git/site/", fabrikam, site),
        (
            "https://dev.azure.com/Fabrikam/Web%20Site/_git/site", "https://dev.azure.com/Fabrikam",
            "https://dev.azure.com/Fabrikam/Web%20Site/_git/site"
        ),
        ("https://dev.azure.com:443/fabrikam/Web/_git/site", fabrikam, site),
        // https://{user}@dev.azure.com/{org}/…: the clone dialog's form, user = organization
        ("https://fabrikam@dev.azure.com/fabrikam/Web/_git/site", fabrikam, site),
        ("https://FABRIKAM@dev.azure.com/fabrikam/Web/_git/site", fabrikam, site),
        // https://{org}.visualstudio.com/[DefaultCollection/]{project}/_git/{repo}
        ("https://fabrikam.visualstudio.com/Web/_git/site", fabrikamLegacy, legacySite),
        (
            "https://fabrikam.visualstudio.com/DefaultCollection/Web/_git/site", fabrikamLegacy,
            "https://fabrikam.visualstudio.com/DefaultCollection/Web/_git/site"
        ),
        ("https://Fabrikam.VisualStudio.com/Web/_git/site", fabrikamLegacy, legacySite),
        // git@ssh.dev.azure.com:v3/{org}/{project}/{repo}
        ("git@ssh.dev.azure.com:v3/fabrikam/Web/site", fabrikam, site),
        ("git@ssh.dev.azure.com:v3/fabrikam/Web/site.git", fabrikam, site + ".git"),
        ("ssh://git@ssh.dev.azure.com/v3/fabrikam/Web/site", fabrikam, site),
        ("ssh://git@ssh.dev.azure.com:22/v3/fabrikam/Web/site", fabrikam, site),
        ("ssh://git@ssh.dev.azure.com:22/fabrikam/Web/_ssh/site", fabrikam, site),
        // {org}@vs-ssh.visualstudio.com:v3/{org}/{project}/{repo}
        ("fabrikam@vs-ssh.visualstudio.com:v3/fabrikam/Web/site", fabrikamLegacy, legacySite),
        ("ssh://fabrikam@vs-ssh.visualstudio.com:22/Web/_ssh/site", fabrikamLegacy, legacySite),
    ])
    func azRecognisesTheRemote(remote: String, organization: String, repository: String) throws {
        let parsed = try #require(AzureDevOpsRemote(remote))
        #expect(parsed.organizationURL == organization)
        #expect(parsed.repositoryURL == repository)
    }

    @Test(arguments: [
        "https://jane@dev.azure.com/fabrikam/Web/_git/site",  // a user name other than the organization
        "https://user:pat@dev.azure.com/fabrikam/Web/_git/site",
        "https://dev.azure.com:8443/fabrikam/Web/_git/site",
        "https://dev.azure.com/fabrikam/Web/_git/site?path=/x",
        "https://dev.azure.com/fabrikam/_git/site",  // no project segment
        "http://dev.azure.com/fabrikam/Web/_git/site",
        "https://fabrikam@fabrikam.visualstudio.com/Web/_git/site",
        "https://fabrikam.visualstudio.com/Web/_git/site/_full",
        "jane@ssh.dev.azure.com:v3/fabrikam/Web/site",
        "git@ssh.dev.azure.com:v3/fabrikam/Web",
        "ssh://git@ssh.dev.azure.com:2222/v3/fabrikam/Web/site",
        "Fabrikam@vs-ssh.visualstudio.com:v3/Fabrikam/Web/site",  // az checks the label as written
        "contoso@vs-ssh.visualstudio.com:v3/fabrikam/Web/site",
        "https://github.com/fabrikam/site.git",
        "git@github.com:fabrikam/site.git",
        "https://dev.azure.com.evil.example/fabrikam/Web/_git/site",
        "https://tfs.contoso.com/tfs/DefaultCollection/Web/_git/site",
        "https://attacker.example\\@dev.azure.com/fabrikam/Web/_git/site",
        "/srv/git/site.git",
        "",
    ])
    func azDoesNotRecogniseTheRemote(remote: String) {
        #expect(AzureDevOpsRemote(remote) == nil)
    }

    @Test func theProjectAndRepositoryComeFromTheURL() throws {
        let remote = try #require(
            AzureDevOpsRemote("https://fabrikam.visualstudio.com/DefaultCollection/Web/_git/site"))
        #expect(remote.project == "Web")
        #expect(remote.repository == "site")
    }

    /// Python indexes by code point: a '?' followed by a combining mark is still a query.
    @Test func charactersAreCodePoints() {
        #expect(AzureDevOpsRemote("https://dev.azure.com/fabrikam/Web/_git/site?\u{301}") == nil)
        #expect(AzureDevOpsRemote("https://dev.azure.com/fabrikam/Web/_git/\u{301}/") != nil)
    }

    /// How az checks the organization it cached for a remote.
    @Test(
        arguments: [
            ("https://dev.azure.com/fabrikam/", "https://dev.azure.com/fabrikam"),
            (
                "https://dev.azure.com/Fabrikam/7c2e/_apis/git/repositories/1",
                "https://dev.azure.com/Fabrikam"
            ),
            ("https://fabrikam.visualstudio.com/", "https://fabrikam.visualstudio.com/"),
            ("https://pkgs.dev.azure.com/fabrikam", "https://pkgs.dev.azure.com/fabrikam"),
            ("https://attacker.example/", nil),
            ("https://dev.azure.com/", nil),
            ("https://me@dev.azure.com/fabrikam", nil),
        ] as [(String, String?)])
    func aServiceURLNamesItsOrganization(url: String, organization: String?) {
        #expect(AzureDevOpsRemote.organizationURL(ofServiceURL: url) == organization)
    }
}
