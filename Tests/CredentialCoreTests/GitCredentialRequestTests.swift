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
}
