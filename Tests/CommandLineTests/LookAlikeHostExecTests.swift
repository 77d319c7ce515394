import Foundation
import TestSupport
import Testing

/// `exec` replaces the process, so it runs only as the real binary.
@Suite struct LookAlikeHostExecTests {
    /// Made the default, or handed to a command with the default credential, a look-alike host
    /// is named by its real host as at login: `exec` would send the token there through az.
    @Test func aLookAlikeHostIsNamedByUseAndExec() throws {
        let cli = try CLI()
        try cli.run("login", "--skip-verify", input: "default-pat\n")
        let warning =
            "ado-accounts: warning: https://dev.аzure.com/contoso: the host is dev.xn--zure-43d.com (non-ASCII: а U+0430), not dev.azure.com."
        let use = try cli.run("use", "https://dev.аzure.com/contoso")
        #expect(use.status == 0, "\(use.output)")
        #expect(use.errorLines.contains(warning), "\(use.output)")
        let exec = try cli.run("exec", "--", "true")
        #expect(exec.status == 0, "\(exec.output)")
        #expect(exec.errorLines == [warning], "\(exec.output)")
    }
}
