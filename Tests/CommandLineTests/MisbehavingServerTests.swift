import Foundation
import TestSupport
import Testing

/// A server that hangs, resets, sends a huge or endless body, or drips a byte a second, during
/// `verify` and `login`: every check ends with its reason, bodies are capped, nothing is stored.
/// The watchdog only turns a hang into a failure; it is far above every timeout involved.
@Suite struct MisbehavingServerTests {
    let cli: CLI
    let server: TestHTTPServer

    init() throws {
        cli = try CLI()
        server = try TestHTTPServer()
    }

    static let expected: [(TestHTTPServer.Behaviour, String, String)] = [
        (.hang, "unreachable", "timed out"),
        (.drip, "unreachable", "timed out"),
        (.reset, "unreachable", "the connection was reset"),
        (.huge, "unexpected", "larger than 256 KiB"),
        (.endless, "unexpected", "larger than 256 KiB"),
    ]

    @Test func verifyAllEndsWithAReasonForEachMisbehaviour() throws {
        for (behaviour, _, _) in Self.expected {
            try cli.run(
                "login", "--org", server.organization(behaviour), "--skip-verify", input: "pat-\(behaviour)\n"
            )
        }
        let before = cli.files
        // The timeout cuts off hang and drip; it is long enough for huge and endless to reach
        // the body limit first on a busy machine.
        let child = try cli.start(["verify", "--all", "--timeout", "10", "--json"], input: nil)
        let outcome = Watchdog.wait(for: child, seconds: 60)
        #expect(!outcome.killedByWatchdog, "verify did not end")
        let result = outcome.result
        #expect(result.status == 4, "\(result.output)")
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let rows = (json?["results"] as? [[String: Any]]) ?? []
        #expect(rows.count == Self.expected.count, "\(result.output)")
        for (behaviour, label, reason) in Self.expected {
            let row = rows.first { ($0["organization"] as? String) == server.organization(behaviour) }
            #expect(row?["result"] as? String == label, "\(behaviour): \(String(describing: row))")
            #expect(
                (row?["reason"] as? String)?.contains(reason) == true,
                "\(behaviour): \(String(describing: row))")
        }
        // verify remembers each check (ado-accounts.state); az's files and the tokens stay as they were.
        func azFiles(_ files: [String: [UInt8]]) -> [String: [UInt8]] {
            files.filter { !$0.key.hasSuffix("ado-accounts.state") }
        }
        #expect(azFiles(cli.files) == azFiles(before))
    }

    /// libcurl takes a timeout of 0 ms for "no timeout": `--timeout 0.0001` must still end the
    /// check against a server that never answers, not wait for it forever.
    @Test func aTimeoutUnderAMillisecondStillEndsTheCheck() throws {
        try cli.run("login", "--org", server.organization(.hang), "--skip-verify", input: "pat-hang\n")
        let child = try cli.start(
            ["verify", "--org", server.organization(.hang), "--timeout", "0.0001"], input: nil)
        let outcome = Watchdog.wait(for: child, seconds: 30)
        #expect(!outcome.killedByWatchdog, "verify did not end")
        #expect(outcome.result.status == 4, "\(outcome.result.output)")
        #expect(outcome.result.standardOutput.contains("timed out"), "\(outcome.result.output)")
    }

    /// `login` has no --timeout: its check uses the default 10 s, and a server that hangs or
    /// drips cannot make it wait longer. Nothing is stored.
    @Test(arguments: expected.map(\.0))
    func loginAgainstAMisbehavingServerStoresNothing(behaviour: TestHTTPServer.Behaviour) throws {
        let child = try cli.start(
            ["login", "--org", server.organization(behaviour)], input: "pat-\(behaviour)\n")
        let outcome = Watchdog.wait(for: child, seconds: 60)
        #expect(!outcome.killedByWatchdog, "login did not end")
        let result = outcome.result
        #expect(result.status == 4, "\(result.output)")
        #expect(result.errorLines.count == 1, "\(result.standardError)")
        #expect(result.standardError.contains("Nothing was stored."))
        let reason = Self.expected.first { $0.0 == behaviour }!.2
        #expect(result.standardError.contains(reason), "\(result.standardError)")
        #expect(FileSnapshot.text(cli.tokenFile) == nil)
        #expect(FileSnapshot.text(cli.indexFile) == nil)
    }
}
