import Foundation
import TestSupport
import Testing

@Suite struct ConcurrencyTests {
    /// 16 processes logging in 16 organizations at once: every token and index line survives.
    @Test func concurrentLoginsLoseNothing() throws {
        let cli = try CLI()
        let server = try TestHTTPServer()
        let names = (1...16).map { "org\($0)" }
        for name in names { server.accept(token: "pat-\(name)", as: "User \(name)") }
        let processes = try names.map { name in
            try cli.start(["login", "--org", server.organization(named: name)], input: "pat-\(name)\n")
        }
        let results = processes.map { $0.wait() }
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.standardError))")

        let index = try #require(FileSnapshot.text(cli.indexFile)).split(separator: "\n").map(String.init)
        let expectedKeys = names.map { "azdevops-cli:" + server.organization(named: $0) }
        #expect(index.sorted() == expectedKeys.sorted())
        for name in names {
            #expect(
                try cli.run("token", "--org", server.organization(named: name)).standardOutput
                    == "pat-\(name)\n")
        }
        let json = try cli.run("list", "--json").standardOutput
        #expect(json.components(separatedBy: "\"hasToken\" : true").count - 1 == 16)
        #expect(FileSnapshot.mode(cli.tokenFile) == 0o600)
    }
}
