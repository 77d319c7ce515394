import Foundation
import TestSupport
import Testing

/// `exec`: the command gets the token in its environment only, az's default variables, and the
/// shell sees its exit status and signals as its own.
@Suite struct ExecTests {
    let cli: CLI

    init() throws {
        cli = try CLI()
        try cli.run("login", "--org", "fabrikam", "--skip-verify", input: "pat-fabrikam\n")
        try cli.run("login", "--org", "contoso", "--skip-verify", input: "pat-contoso\n")
        try cli.run("use", "contoso")
    }

    func exec(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws
        -> ChildProcess.Result
    {
        try cli.run(["exec"] + arguments, input: nil, environment: environment, directory: directory)
    }

    static let report =
        #"printf '%s\n' "$AZURE_DEVOPS_EXT_PAT" "${AZURE_DEVOPS_EXT__DEFAULTS_ORGANIZATION-unset}" "${AZURE_DEVOPS_EXT__DEFAULTS_PROJECT-unset}" "$0 $*"; exit 7"#

    @Test func theTokenIsInTheEnvironmentOnlyAndTheStatusPassesThrough() throws {
        let before = cli.files
        let result = try exec([
            "--organization", "fabrikam", "--project", "Web", "--", "sh", "-c", Self.report, "sh", "one",
            "two",
        ])
        #expect(result.status == 7)
        #expect(result.standardOutput == "pat-fabrikam\nhttps://dev.azure.com/fabrikam\nWeb\nsh one two\n")
        #expect(result.standardError.isEmpty)
        #expect(cli.files == before, "the default organization is untouched")
        let byDefault = try exec(["--", "sh", "-c", Self.report])
        #expect(byDefault.standardOutput == "pat-contoso\nhttps://dev.azure.com/contoso\nunset\nsh \n")
    }

    @Test func inACloneTheRemoteDecidesAndNamesTheProject() throws {
        let directory = cli.root.appending("clone")
        for arguments in [
            ["init", "-q", directory],
            ["-C", directory, "remote", "add", "origin", "git@ssh.dev.azure.com:v3/fabrikam/My%20Web/site"],
        ] {
            #expect(try ChildProcess.run(["git"] + arguments, environment: cli.environment).status == 0)
        }
        let result = try exec(["--", "sh", "-c", Self.report], directory: directory)
        #expect(result.standardOutput == "pat-fabrikam\nhttps://dev.azure.com/fabrikam\nMy Web\nsh \n")
        #expect(result.errorLines.count == 1 && result.errorLines[0].contains("from the git remote 'origin'"))
        let contoso = try exec(["--organization", "contoso", "--", "true"], directory: directory)
        #expect(contoso.status == 0)
        #expect(
            contoso.errorLines == [
                "ado-accounts: warning: az run without --organization here uses https://dev.azure.com/fabrikam (the git remote 'origin'), not https://dev.azure.com/contoso; give it --organization, or --detect false."
            ])
        // --detect false to ado-accounts picks the default; az, told nothing, still detects.
        let undetected = try exec(["--detect", "false", "--", "sh", "-c", Self.report], directory: directory)
        #expect(undetected.standardOutput == "pat-contoso\nhttps://dev.azure.com/contoso\nunset\nsh \n")
        #expect(undetected.errorLines == contoso.errorLines)
    }

    @Test func aSignalThatEndsTheCommandIsTheShells() throws {
        let killed = try exec(["--", "sh", "-c", "kill -TERM $$"])
        #expect(killed.signal == SIGTERM)
        #expect(killed.status == 128 + SIGTERM)
    }

    /// The command is this process: a signal sent to the pid ado-accounts was started with
    /// reaches it, and nothing of ado-accounts is left to intercept it.
    @Test func signalsSentToItReachTheCommand() throws {
        let ready = cli.root.appending("ready")
        let child = try ChildProcessFor(
            cli, ["exec", "--", "sh", "-c", "echo $$ > '\(ready)'; exec sleep 30"])
        let deadline = Date().addingTimeInterval(20)
        while FileSnapshot.text(ready)?.hasSuffix("\n") != true, Date() < deadline {
            usleep(2000)  // waiting for the file the command writes once it runs
        }
        #expect(FileSnapshot.text(ready) == "\(child.pid)\n", "the command runs as the same process")
        child.kill(SIGINT)
        let result = child.wait()
        #expect(result.signal == SIGINT)
    }

    @Test func withoutATokenNothingRuns() throws {
        let marker = cli.root.appending("ran")
        let result = try exec(["--organization", "nobody", "--", "touch", marker])
        #expect(result.status == 1)
        #expect(
            result.errorLines == [
                "ado-accounts: No token for https://dev.azure.com/nobody and no default credential. Nothing was run."
            ])
        try cli.run("logout", "--organization", "contoso")
        let noDefault = try exec(["--", "touch", marker])
        #expect(noDefault.status == 1)
        #expect(
            noDefault.errorLines == [
                "ado-accounts: No default organization and no default credential. Give --organization. Nothing was run."
            ])
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(try exec([]).status == 2, "no command")
    }

    @Test func aCommandThatCannotRunHasTheShellsStatus() throws {
        let missing = try exec(["--", "no-such-command-\(getpid())"])
        #expect(missing.status == 127)
        #expect(missing.errorLines == ["ado-accounts: no-such-command-\(getpid()): command not found"])
        let script = cli.root.appending("not-executable")
        try FileSnapshot.write("echo hi\n", to: script, mode: 0o644)
        #expect(try exec(["--", script]).status == 126)
        let noShebang = cli.root.appending("no-shebang")
        try FileSnapshot.write("echo from-sh \"$1\"\n", to: noShebang, mode: 0o755)
        #expect(try exec(["--", noShebang, "x"]).standardOutput == "from-sh x\n")
    }

    /// Only what the shell gave ado-accounts reaches the command: no descriptor it opened.
    @Test func onlyInheritedDescriptorsArePassedOn() throws {
        let result = try exec(["--", "sh", "-c", "ls /proc/$$/fd"])
        #expect(result.standardOutput == "0\n1\n2\n")
    }
}

/// `ChildProcess` for the built binary with the CLI's environment.
private func ChildProcessFor(_ cli: CLI, _ arguments: [String]) throws -> ChildProcess {
    try ChildProcess([adoAccountsBinary] + arguments, environment: cli.environment)
}
