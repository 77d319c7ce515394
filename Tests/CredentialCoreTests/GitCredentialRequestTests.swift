import Testing

@testable import CredentialCore

@Suite struct GitCredentialRequestTests {
    let stored = [
        "https://tfs.example.com:8080/tfs", "http://127.0.0.1:9000/local", "https://plain.example.com",
    ].map {
        try! OrganizationURL($0)
    }

    func target(_ text: String) throws -> GitCredentialRequest.Target {
        try GitCredentialRequest(parsing: Array(text.utf8)).target { stored }
    }

    @Test func hostsAndPathsNameTheOrganization() throws {
        #expect(
            try target("protocol=https\nhost=tfs.example.com:8080\npath=tfs/Coll/P/_git/r\n")
                == .organization(stored[0]))
        #expect(
            try target("protocol=https\nhost=TFS.example.com:8080\npath=TFS/x\n") == .organization(stored[0]))
        #expect(
            try target("protocol=https\nhost=tfs.example.com:8080\n")
                == .needsPath(host: "tfs.example.com:8080"))
        #expect(
            try target("protocol=https\nhost=tfs.example.com\npath=tfs/x\n") == .notServed, "another port")
        #expect(
            try target("protocol=http\nhost=127.0.0.1:9000\npath=local/P/_git/r\n")
                == .organization(stored[1]))
        #expect(
            try target("protocol=https\nhost=plain.example.com\npath=any/thing\n") == .organization(stored[2])
        )
        #expect(try target("protocol=https\nhost=dev.azure.com\npath=a.b/x\n") == .notServed)
        #expect(try target("protocol=https\nhost=vs-ssh.visualstudio.com\n") == .notServed)
        #expect(try target("host=dev.azure.com\npath=x/y\n") == .notServed, "no protocol")
    }

    /// Reading stops at the blank line; a URL is split as git splits it.
    @Test func theRequestIsReadAsGitWritesIt() {
        let request = GitCredentialRequest(
            parsing: Array("url=https://me%40x@dev.azure.com/fab%20rikam/P/_git/r/\n\nprotocol=http\n".utf8))
        #expect(request.scheme == "https")
        #expect(request.host == "dev.azure.com")
        #expect(request.username == "me@x")
        #expect(request.path == "fab rikam/P/_git/r")
    }

    /// A `url=` is split as git's `credential_from_url` splits it, so that the helper answers for
    /// the host git (and curl) would send the credential to: the host ends at the first '/', '?'
    /// or '#', the user name at the first '@'; only %XX with two hex digits is decoded; a URL
    /// that decodes to a line break or NUL is refused (git refuses it); a `url=` replaces
    /// everything read before it.
    @Test(
        arguments: [
            ("url=https://evil.example?@dev.azure.com/fabrikam/x", "evil.example", nil),
            ("url=https://evil.example#@dev.azure.com/fabrikam/x", "evil.example", nil),
            ("url=https://a@b@dev.azure.com/fabrikam/x", "b@dev.azure.com", "a"),
            ("url=https://me:secret@dev.azure.com/fabrikam", "dev.azure.com", "me"),
            ("url=https://a%+Ab@dev.azure.com/fabrikam", "dev.azure.com", "a%+Ab"),
            ("username=fabrikam\nurl=https://dev.azure.com", "dev.azure.com", nil),
        ] as [(String, String, String?)])
    func aURLIsSplitAsGitSplitsIt(text: String, host: String, username: String?) throws {
        let request = GitCredentialRequest(parsing: Array((text + "\n").utf8))
        #expect(request.host == host)
        #expect(request.username == username)
        if host != "dev.azure.com" { #expect(try target(text + "\n") == .notServed) }
    }

    @Test(arguments: [
        "url=https://a%0Apassword=x@dev.azure.com/fabrikam/x", "url=https://dev.azure.com/fab%00rikam/x",
        "url=https://dev.azure.com%0A/fabrikam", "url=dev.azure.com/fabrikam",
        "url=://dev.azure.com/fabrikam",
    ])
    func aURLGitWouldRefuseIsNoRequest(text: String) throws {
        let request = GitCredentialRequest(
            parsing: Array(("protocol=https\nhost=dev.azure.com\n" + text + "\n").utf8))
        #expect(request == GitCredentialRequest())
        #expect(try target(text) == .notServed)
    }
}
