import Foundation
import TestSupport
import Testing

/// The `Token: ` prompt on a real terminal (tmux): no echo, asked again when empty, and the
/// terminal restored when the user gives up with Ctrl-C.
@Suite struct LoginPromptTests {
    let root: TemporaryDirectory
    var configDirectory: String { root.appending("cfg") }

    init() throws {
        root = try TemporaryDirectory("prompt")
    }

    /// Runs `ado-accounts ARGS` in a shell that survives Ctrl-C, then reports the exit status and
    /// whether the terminal echoes again.
    func session(_ arguments: [String]) throws -> TmuxSession {
        let script = """
            trap true INT
            "$0" "$@"
            echo "status=$?"
            stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo | sed 's/^/terminal: /'
            """
        return try TmuxSession(
            ["/bin/sh", "-c", script, adoAccountsBinary] + arguments,
            environment: ["AZURE_DEVOPS_EXT_CONFIG_DIR": configDirectory, "ADO_ACCOUNTS_STORE": "file"])
    }

    @Test func theTokenIsTypedWithoutEchoAndStored() throws {
        let terminal = try session(["login", "--organization", "contoso", "--skip-verify"])
        defer { terminal.close() }
        try terminal.waitFor("Token:")
        try terminal.type("Sup3r-Secret-PAT")
        try terminal.send("Enter")
        let screen = try terminal.waitFor("terminal: ")
        #expect(screen.contains("Stored a token for https://dev.azure.com/contoso without checking it."))
        #expect(screen.contains("status=0"))
        #expect(screen.contains("terminal: echo"))
        for seen in terminal.seen + [try terminal.history()] { #expect(!seen.contains("Sup3r-Secret-PAT")) }
        #expect(
            FileSnapshot.text(configDirectory + "/personalAccessTokens")?.contains("= Sup3r-Secret-PAT")
                == true)
    }

    @Test func anEmptyAnswerAsksAgain() throws {
        let terminal = try session(["login", "--skip-verify"])
        defer { terminal.close() }
        try terminal.waitFor("Token:")
        try terminal.send("Enter")
        try terminal.waitFor { $0.components(separatedBy: "Token:").count == 3 }
        try terminal.type("second-try")
        try terminal.send("Enter")
        let screen = try terminal.waitFor("terminal: ")
        #expect(screen.contains("status=0"))
        #expect(
            FileSnapshot.text(configDirectory + "/personalAccessTokens")?.contains("= second-try") == true)
    }

    @Test func controlCAtThePromptRestoresTheTerminalAndStoresNothing() throws {
        let terminal = try session(["login", "--skip-verify"])
        defer { terminal.close() }
        try terminal.waitFor("Token:")
        try terminal.type("half-typed")
        try terminal.send("C-c")
        let screen = try terminal.waitFor("terminal: ")
        #expect(screen.contains("status=130"))
        #expect(screen.contains("terminal: echo"), "echo is back on")
        #expect(!screen.contains("half-typed"))
        #expect(FileSnapshot.text(configDirectory + "/personalAccessTokens") == nil)
    }

    @Test func controlDAtThePromptPutsTheErrorOnALineOfItsOwn() throws {
        let terminal = try session(["login", "--skip-verify"])
        defer { terminal.close() }
        try terminal.waitFor("Token:")
        try terminal.send("C-d")
        let screen = try terminal.waitFor("terminal: ")
        #expect(screen.contains("status=2"))
        #expect(!screen.contains("Token: ado-accounts:"), "the error starts a line:\n\(screen)")
        let lines = (try terminal.history() + "\n" + screen).split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("ado-accounts: No token was entered") }, "\(lines)")
    }
}
