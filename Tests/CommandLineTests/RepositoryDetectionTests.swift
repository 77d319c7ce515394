import Foundation
import TestSupport
import Testing

/// `token`, `status`, `verify` in a clone: the organization is the one az devops picks, the
/// Azure DevOps git remote of the current directory before the default organization.
@Suite struct RepositoryDetectionTests {
    let cli: CLI
    /// Records every run of `git` (then runs the real one), to prove when none happens.
    let gitLog: String

    init() throws {
        cli = try CLI()
        let bin = cli.root.appending("bin")
        gitLog = cli.root.appending("git-runs.log")
        let realGit = try #require(
            inheritedPath.split(separator: ":").map { $0 + "/git" }.first {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        try FileSnapshot.write(
            "#!/bin/sh\necho \"$*\" >> '\(gitLog)'\nexec '\(realGit)' \"$@\"\n", to: bin + "/git", mode: 0o755
        )
        cli.environment["PATH"] = bin + ":" + inheritedPath
        cli.environment["GIT_CONFIG_NOSYSTEM"] = "1"
        try cli.run("login", "--org", "fabrikam", "--skip-verify", input: "pat-fabrikam\n")
        try cli.run(
            "login", "--org", "https://fabrikam.visualstudio.com", "--skip-verify", input: "pat-legacy\n")
        try cli.run("login", "--org", "contoso", "--skip-verify", input: "pat-contoso\n")
        try cli.run("use", "contoso")
    }

    /// A directory `name` (in the test's home) that is a clone with this origin.
    func clone(_ name: String, origin: String) throws -> String {
        let directory = cli.root.appending(name)
        for arguments in [["init", "-q", directory], ["-C", directory, "remote", "add", "origin", origin]] {
            let result = try ChildProcess.run(["git"] + arguments, environment: cli.environment)
            guard result.status == 0 else { throw TestSupportError("git \(arguments): \(result.output)") }
        }
        try? FileManager.default.removeItem(atPath: gitLog)
        return directory
    }

    func token(in directory: String, _ arguments: String...) throws -> ChildProcess.Result {
        try cli.run(["token"] + arguments, input: nil, directory: directory)
    }

    /// The issue's case: in a clone of fabrikam's repository with contoso as the default, the
    /// token is fabrikam's, as az would use it, and stderr says why.
    @Test func inACloneTheRemotesOrganizationWins() throws {
        let directory = try clone("site", origin: "https://dev.azure.com/fabrikam/Web/_git/site")
        let inside = try token(in: directory)
        #expect(inside.standardOutput == "pat-fabrikam\n")
        #expect(
            inside.errorLines == [
                "ado-accounts: https://dev.azure.com/fabrikam, from the git remote 'origin' (https://dev.azure.com/fabrikam/Web/_git/site) (--detect false ignores it)."
            ])
        try FileManager.default.createDirectory(
            atPath: directory + "/src/deep", withIntermediateDirectories: true)
        #expect(try token(in: directory + "/src/deep").standardOutput == "pat-fabrikam\n")
        #expect(try token(in: directory, "--detect", "false").standardOutput == "pat-contoso\n")
        #expect(try token(in: directory, "--detect", "False").standardOutput == "pat-contoso\n")
        #expect(try token(in: directory, "--org", "contoso").standardOutput == "pat-contoso\n")
        #expect(
            try token(in: cli.root.path).standardOutput == "pat-contoso\n", "outside the clone: the default")
        #expect(try token(in: directory, "--detect", "maybe").status == 2)
        #expect(!FileManager.default.fileExists(atPath: gitLog), "the remote is read without running git")
    }

    /// Each form of remote az recognises, with the organization az reaches for it.
    @Test(arguments: [
        ("https://dev.azure.com/fabrikam/Web/_git/site", "pat-fabrikam"),
        ("https://fabrikam@dev.azure.com/fabrikam/Web/_git/site", "pat-fabrikam"),
        ("https://jane@dev.azure.com/fabrikam/Web/_git/site", "pat-contoso"),  // az refuses it: default
        ("https://fabrikam.visualstudio.com/Web/_git/site", "pat-legacy"),
        ("https://fabrikam.visualstudio.com/DefaultCollection/Web/_git/site", "pat-legacy"),
        ("git@ssh.dev.azure.com:v3/fabrikam/Web/site", "pat-fabrikam"),
        ("fabrikam@vs-ssh.visualstudio.com:v3/fabrikam/Web/site", "pat-legacy"),
        ("https://github.com/fabrikam/site.git", "pat-contoso"),
    ])
    func eachRemoteFormNamesItsOrganization(origin: String, expected: String) throws {
        let directory = try clone("form", origin: origin)
        #expect(try token(in: directory).standardOutput == expected + "\n")
    }

    /// Fast where nothing is to be found: no git process without a .git up the tree, none in a
    /// plain clone; git itself only where its configuration has includes.
    @Test func gitRunsOnlyWhenItsAnswerCannotBeReadExactly() throws {
        let directory = try clone("included", origin: "https://github.com/fabrikam/site")
        #expect(try token(in: cli.root.path).standardOutput == "pat-contoso\n")
        #expect(try token(in: directory).standardOutput == "pat-contoso\n")
        #expect(!FileManager.default.fileExists(atPath: gitLog))
        try FileSnapshot.write(
            "[remote \"origin\"]\n\tpushurl = git@ssh.dev.azure.com:v3/fabrikam/Web/site\n",
            to: directory + "/.git/extra")
        let config = try #require(FileSnapshot.text(directory + "/.git/config"))
        try FileSnapshot.write(config + "[include]\n\tpath = extra\n", to: directory + "/.git/config")
        #expect(try token(in: directory).standardOutput == "pat-fabrikam\n")
        #expect(FileSnapshot.text(gitLog)?.contains("remote -v") == true)
    }

    /// A FIFO where git reads a file (the configuration, HEAD, commondir) would make git wait
    /// for a writer until its time limit (az's git, for ever): nothing is detected, git is not
    /// started, and the default applies at once. /dev/null as the global configuration (a
    /// common way to ignore it) still reads as empty.
    @Test func aFIFOWhereGitReadsAFileStartsNoGit() throws {
        for file in ["config", "HEAD", "commondir"] {
            let directory = try clone("fifo-\(file)", origin: "https://dev.azure.com/fabrikam/Web/_git/site")
            unlink(directory + "/.git/" + file)
            #expect(mkfifo(directory + "/.git/" + file, 0o600) == 0)
            #expect(try token(in: directory).standardOutput == "pat-contoso\n", "\(file)")
            #expect(!FileManager.default.fileExists(atPath: gitLog), "\(file)")
        }
        let parent = cli.root.appending("above")
        let below = parent + "/work/dir"
        try FileManager.default.createDirectory(atPath: below, withIntermediateDirectories: true)
        #expect(mkfifo(parent + "/HEAD", 0o600) == 0)
        #expect(try token(in: below).standardOutput == "pat-contoso\n")
        #expect(!FileManager.default.fileExists(atPath: gitLog))

        let directory = try clone("null-global", origin: "https://dev.azure.com/fabrikam/Web/_git/site")
        let result = try cli.run(
            ["token"], input: nil, environment: ["GIT_CONFIG_GLOBAL": "/dev/null"], directory: directory)
        #expect(result.standardOutput == "pat-fabrikam\n")
        #expect(!FileManager.default.fileExists(atPath: gitLog))
    }

    @Test func statusAndVerifySayWhereTheOrganizationCameFrom() throws {
        let directory = try clone("reports", origin: "git@ssh.dev.azure.com:v3/fabrikam/Web/site")
        let status = try cli.run(["status"], input: nil, directory: directory)
        #expect(status.status == 0)
        let lines = status.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(
            lines[1]
                == "In this directory: https://dev.azure.com/fabrikam, from the git remote 'origin' (git@ssh.dev.azure.com:v3/fabrikam/Web/site)."
        )
        #expect(lines[3] == "https://dev.azure.com/fabrikam", "its chain comes first")
        let json = try cli.run(["status", "--json"], input: nil, directory: directory)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let here = try #require(object["here"] as? [String: Any])
        #expect(here["organization"] as? String == "https://dev.azure.com/fabrikam")
        #expect(here["source"] as? String == "gitRemote")
        #expect(here["remote"] as? String == "origin")
        let outside = try cli.run(["status", "--json"], input: nil, directory: cli.root.path)
        #expect(outside.standardOutput.contains(#""source" : "default""#))

        // The check goes through a proxy that refuses connections: nothing leaves the machine.
        let offline = ["https_proxy": "http://127.0.0.1:1", "HTTPS_PROXY": "http://127.0.0.1:1"]
        let verify = try cli.run(["verify"], input: nil, environment: offline, directory: directory)
        #expect(verify.standardOutput.contains("https://dev.azure.com/fabrikam"))
        #expect(
            verify.errorLines.first
                == "Checking https://dev.azure.com/fabrikam, from the git remote 'origin' (git@ssh.dev.azure.com:v3/fabrikam/Web/site)."
        )
        let byDefault = try cli.run(
            ["verify", "--detect", "false"], input: nil, environment: offline, directory: directory)
        #expect(
            byDefault.errorLines.first == "Checking https://dev.azure.com/contoso, the default organization.")
    }
}
