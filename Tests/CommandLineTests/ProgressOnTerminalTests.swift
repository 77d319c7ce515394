import Foundation
import TestSupport
import Testing

/// The progress line of `verify` on a real terminal (tmux): shown while the answer is awaited,
/// erased when it arrives; and absent when standard error is not a terminal.
@Suite struct ProgressOnTerminalTests {
    @Test func theProgressLineIsShownWhileWaitingAndErasedAfter() throws {
        let cli = try CLI()
        let server = try TestHTTPServer(tokens: ["good": "Jane Doe"])
        let slow = server.organization(.slow)
        #expect(try cli.run("login", "--org", slow, "--skip-verify", input: "good\n").status == 0)

        let terminal = try TmuxSession(
            [adoAccountsBinary, "verify", "--org", slow],
            environment: cli.environment.mapValues { Optional($0) })
        defer { terminal.close() }
        try server.waitForRequests(to: "slow")
        try terminal.waitFor("Checking…")
        server.release()
        #expect(try terminal.waitForExit() == 0)
        let screen = try terminal.screen()
        #expect(screen.contains("\(slow)  valid"))
        #expect(!screen.contains("Checking…"), "erased once the answer arrived:\n\(screen)")

        // Piped: the same command writes no progress, no carriage return, no escape.
        let piped = try cli.run("verify", "--org", slow)
        #expect(piped.status == 0)
        #expect(!piped.standardError.contains("\r") && !piped.standardError.contains("\u{1B}"))
        #expect(piped.standardOutput.hasPrefix("ORGANIZATION"))
    }
}
