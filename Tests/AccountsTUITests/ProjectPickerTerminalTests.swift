import Foundation
import TestSupport
import Testing

/// Issue 14.1 end to end: the built binary in tmux, its picker reading two pages of projects
/// from a real HTTP server, and Enter writing both defaults to az's config file.
@Suite("Issue 14 in a real terminal: the project picker, a cancelled check", .serialized)
struct ProjectPickerTerminalTests {
    @Test func pListsEveryPageFiltersAndEnterSetsOrganizationAndProject() throws {
        let fixture = try TerminalFixture()
        try fixture.seed(["alpha", "contoso"])
        fixture.server.accept(token: "pat-contoso", as: "Ada Lovelace")
        let names = (1...140).map { String(format: "Service %03d", $0) } + ["Web", "Mobile Apps"]
        fixture.server.serveProjects(names, of: "contoso", pageSize: 100)
        let session = try fixture.start()
        defer { session.close() }
        try session.waitFor("2 organizations")
        try session.send("j")
        try session.waitFor("2/2")
        try session.send("p")
        try session.waitFor("142 projects")
        #expect(fixture.server.requests.filter { $0.path.contains("/_apis/projects") }.count == 2)
        try session.type("web")
        let filtered = try session.waitFor("1 of 142 projects")
        #expect(filtered.contains("Web"))
        #expect(!filtered.contains("Service 001"))
        try session.send("Enter")
        try session.waitFor("The default project is Web.")

        let config = FileSnapshot.text(fixture.configFile) ?? ""
        #expect(config.contains("organization = \(fixture.organization("contoso"))"))
        #expect(config.contains("project = Web"))
        var plain: [String: String] = ["PATH": inheritedPath]
        for (name, value) in fixture.environment { plain[name] = value }
        let list = try ChildProcess.run([adoAccountsBinary, "configure", "--list"], environment: plain)
        #expect(list.standardOutput.contains("organization = \(fixture.organization("contoso"))"))
        #expect(list.standardOutput.contains("project = Web"))

        // Back to alpha: contoso's project is not alpha's; the status says it was cleared.
        try session.send("k")
        try session.send("Enter")
        try session.waitFor("The default project Web was cleared")
        #expect(FileSnapshot.text(fixture.configFile)?.contains("project = Web") == false)
        try session.send("q")
        #expect(try session.waitForExit() == 0)
    }

    /// Issue 14.8: Esc gives up on a check that a server holds, in the running binary (the
    /// runtime cancels the login's task), and nothing is stored when the answer comes after all.
    @Test func escCancelsACheckInFlight() throws {
        let fixture = try TerminalFixture()
        let session = try fixture.start()
        defer { session.close() }
        try session.waitFor("0 organizations")
        try session.send("a")
        try session.waitFor("Log in")
        try session.type(fixture.server.organization(.slow))
        try session.send("Tab")
        try session.type(TerminalFixture.pat)
        try session.send("Enter")
        try session.waitFor("Checking the token")
        try fixture.server.waitForRequests(to: "slow")
        try session.send("Escape")
        try session.waitFor("Cancelling the check")
        fixture.server.release()
        try session.waitFor("The check was cancelled; nothing was stored.")
        #expect(FileSnapshot.text(fixture.tokenFile)?.contains(TerminalFixture.pat) != true)
        #expect(FileSnapshot.text(fixture.indexFile) == nil)
        try session.send("q")
        #expect(try session.waitForExit() == 0)
    }

    /// Issue 14.10 at 40x10: the logout confirmation lists what it removes, one a line, and ↓
    /// scrolls to the rest.
    @Test func theConfirmationAt40x10ListsEveryNameItRemoves() throws {
        let fixture = try TerminalFixture()
        let names = ["alpha", "bravo", "charlie", "delta"]
        try fixture.seed(names)
        let session = try fixture.start(width: 40, height: 10)
        defer { session.close() }
        try session.waitFor("4 organizations")
        try session.send("g")
        for _ in names { try session.send("Space") }
        try session.send("d")
        let screen = try session.waitFor("Log out of these 4")
        #expect(screen.contains("Log out (↑↓ 1-"), "\(screen)")
        #expect(!screen.contains("more ("), "\(screen)")
        // Each name comes on the screen in turn as ↓ scrolls (waited for, never sampled).
        for name in names {
            _ = try session.waitFor { $0.contains("127.0.0.1:\(fixture.server.port)/\(name)") }
            try session.send("Down")
        }
        try session.send("y")
        try session.waitFor("0 organizations")
        #expect(FileSnapshot.text(fixture.tokenFile)?.contains("pat-") != true)
    }
}
