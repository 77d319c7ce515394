import ADOAccountsCLI
import Foundation
import TestSupport
import Testing

/// The spellings `DirectDispatch` runs without ArgumentParser give exactly what ArgumentParser
/// gives them: the same output, messages and status, in every state that changes them.
@Suite struct DirectDispatchTests {
    static let spellings: [[String]] = [
        ["list"], ["list", "--json"], ["token"], ["token", "--organization", "fabrikam"],
        ["token", "--org", "https://dev.azure.com/Existing"], ["token", "--org", "nowhere"],
    ]

    /// Nothing stored; an organization and the default credential; an environment token.
    static func states() async throws -> [CLI] {
        let empty = try CLI()
        let stored = try await CLI.withExistingAccounts()
        let overridden = try await CLI.withExistingAccounts()
        overridden.environment["AZURE_DEVOPS_EXT_PAT"] = "from-the-environment"
        return [empty, stored, overridden]
    }

    @Test(arguments: spellings)
    func theFastPathAndArgumentParserAgree(arguments: [String]) async throws {
        for cli in try await Self.states() {
            let fast = try await cli.run(arguments, input: nil, fastPath: true)
            let parsed = try await cli.run(arguments, input: nil, fastPath: false)
            #expect(fast.status == parsed.status, "\(arguments)")
            #expect(fast.standardOutput == parsed.standardOutput, "\(arguments)")
            #expect(fast.standardError == parsed.standardError, "\(arguments)")
        }
    }
}
