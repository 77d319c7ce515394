import Foundation
import TestSupport
import Testing

/// Shell completion runs the binary with its own environment: the stored organizations it
/// offers come from the process's HOME, so only the real binary shows them.
@Suite struct CompletionTests {
    let cli: CLI

    init() throws {
        cli = try CLI()
    }

    @Test func completionsOfferTheStoredOrganizations() throws {
        try cli.run("login", "--org", "fabrikam", "--skip-verify", input: "p\n")
        try cli.run("login", "--org", "https://tfs.example.com/tfs", "--skip-verify", input: "p\n")
        for request in [
            ["use", "--", "positional@0", "2", "0", "ado-accounts", "use", ""],
            ["logout", "--", "--organization", "3", "0", "ado-accounts", "logout", "--organization", ""],
            ["token", "--", "--organization", "3", "0", "ado-accounts", "token", "--organization", ""],
        ] {
            let offered = try cli.run(["---completion"] + request, input: nil)
            #expect(offered.standardOutput == "fabrikam\nhttps://tfs.example.com/tfs\n", "\(request[0])")
        }
        let script = try cli.run("--generate-completion-script", "bash")
        #expect(script.standardOutput.contains("---completion use -- positional@0"))
    }
}
