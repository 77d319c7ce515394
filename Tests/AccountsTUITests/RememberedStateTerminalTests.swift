import Foundation
import TestSupport
import Testing

/// The binary in tmux: what ado-accounts.state remembers is on the first frame, before any key.
@Suite("Remembered state in a real terminal", .serialized)
struct RememberedStateTerminalTests {
    @Test func theFirstFrameShowsTheLastChecksAndTheExpiry() throws {
        let fixture = try TerminalFixture()
        try fixture.seed(["alpha", "bravo"])
        let alpha = fixture.organization("alpha")
        let bravo = fixture.organization("bravo")
        try FileSnapshot.write(
            """
            [credential azdevops-cli:\(alpha)]
            checked = 2026-12-06T20:00:00Z
            outcome = valid
            identity = Ada Lovelace
            email = ada@alpha.example
            authorization = 6f1c
            expires = 2026-12-11T23:00:00Z

            [credential azdevops-cli:\(bravo)]
            checked = 2026-12-05T22:00:00Z
            outcome = expired
            authorization = 7a2d
            expires = 2026-12-04T00:00:00Z

            """, to: fixture.configDirectory + "/ado-accounts.state")
        let session = try fixture.start(environment: ["ADO_ACCOUNTS_NOW": "2026-12-06T22:00:00Z"])
        defer { session.close() }
        let screen = try session.waitFor("2 organizations")
        let lines = screen.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("EXPIRES") && $0.contains("STATE") }, "\(screen)")
        // Rows in URL order; the long loopback URLs are cut, the identity too.
        let rows = lines.filter { $0.contains("[ ]") }
        let first = rows.first ?? ""
        #expect(
            first.contains("Ada Lovel") && first.contains("in 5 d") && first.contains("valid, 2 h ago"),
            "\(screen)")
        let second = rows.dropFirst().first ?? ""
        #expect(second.contains("expired   expired, 1 d ago"), "\(screen)")
        #expect(fixture.server.requests.isEmpty, "nothing is contacted to show it")
    }
}
