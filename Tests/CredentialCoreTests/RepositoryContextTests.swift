import Foundation
import TestSupport
import Testing

@testable import CredentialCore

extension GitFixture {
    /// The remotes read from the files, and as `git remote -v` lists them.
    func bothWays(_ directory: String) -> (files: GitRemoteList?, git: GitRemoteList) {
        var files: GitRemoteList?
        if case .repository(let repository) = GitRepository.discover(from: directory, environment: core),
            case .success(let list) = repository.configuration(environment: core).flatMap(
                GitRemoteList.fromConfiguration)
        {
            files = list
        }
        return (files, RepositoryContext.remoteVerbose(in: directory, environment: core))
    }
}

@Suite struct RepositoryContextTests {
    let fixture: GitFixture

    init() throws {
        fixture = try GitFixture()
    }

    /// The same remotes, and the same choice, from the files as from git itself.
    func expectSameAsGit(
        _ directory: String, choosing name: String?, sourceLocation: SourceLocation = #_sourceLocation
    )
        throws
    {
        let (files, git) = fixture.bothWays(directory)
        let read = try #require(files, "read without git", sourceLocation: sourceLocation)
        #expect(read.azView == git.azView, sourceLocation: sourceLocation)
        #expect(read.azureDevOpsChoice?.name == name, sourceLocation: sourceLocation)
        #expect(git.azureDevOpsChoice?.name == name, sourceLocation: sourceLocation)
    }

    @Test func originIsPreferredThenTheFirstRemoteByName() throws {
        let both = try fixture.repository(
            "both",
            remotes: [
                ("upstream", "https://dev.azure.com/contoso/Web/_git/site"),
                ("origin", "https://dev.azure.com/fabrikam/Web/_git/site"),
            ])
        try expectSameAsGit(both, choosing: "origin")
        let github = try fixture.repository(
            "github",
            remotes: [
                ("origin", "https://github.com/fabrikam/site"),
                ("zeta", "https://dev.azure.com/zeta/P/_git/r"),
                ("Alpha", "git@ssh.dev.azure.com:v3/alpha/P/r"),
                ("beta", "https://dev.azure.com/beta/P/_git/r"),
            ])
        try expectSameAsGit(github, choosing: "Alpha")
        let none = try fixture.repository("none", remotes: [("origin", "https://github.com/fabrikam/site")])
        try expectSameAsGit(none, choosing: nil)
    }

    @Test func thePushURLDecidesAndTheLastOneWins() throws {
        let directory = try fixture.repository(
            "push", remotes: [("origin", "https://github.com/fabrikam/site")])
        try fixture.git([
            "-C", directory, "config", "--add", "remote.origin.pushurl", "https://dev.azure.com/a/P/_git/r",
        ])
        try fixture.git([
            "-C", directory, "config", "--add", "remote.origin.pushurl", "https://dev.azure.com/b/P/_git/r",
        ])
        try expectSameAsGit(directory, choosing: "origin")
        #expect(
            fixture.bothWays(directory).git.azureDevOpsChoice?.parsed.organizationURL
                == "https://dev.azure.com/b")
        try fixture.git([
            "-C", directory, "config", "--add", "remote.origin.pushurl", "https://github.com/x/y",
        ])
        try expectSameAsGit(directory, choosing: nil)
    }

    @Test func insteadOfRulesFromEveryFileApply() throws {
        try fixture.write(
            """
            [url "https://dev.azure.com/fabrikam/"]
            \tinsteadOf = fab:
            [url "https://dev.azure.com/longer/"]
            \tinsteadOf = fab:Web/
            """, to: fixture.systemConfig)
        try fixture.write(
            """
            [url "git@ssh.dev.azure.com:v3/contoso/Web/"]
            \tpushInsteadOf = https://dev.azure.com/contoso/Web/_git/
            """, to: fixture.globalConfig)
        let longest = try fixture.repository("longest", remotes: [("origin", "fab:Web/_git/site")])
        try expectSameAsGit(longest, choosing: nil)  // https://dev.azure.com/longer/_git/site: no project
        let plain = try fixture.repository("plain", remotes: [("origin", "fab:Mobile/_git/app")])
        try expectSameAsGit(plain, choosing: "origin")
        let push = try fixture.repository(
            "pushrule", remotes: [("origin", "https://dev.azure.com/contoso/Web/_git/site")])
        try expectSameAsGit(push, choosing: "origin")
        #expect(
            fixture.bothWays(push).git.remotes.first?.pushURLs == [
                "git@ssh.dev.azure.com:v3/contoso/Web/site"
            ])
    }

    @Test func unusualButValidSyntaxReadsAsGitReadsIt() throws {
        let directory = try fixture.repository("syntax")
        try fixture.write(
            "\u{FEFF}[core]\r\n\trepositoryformatversion = 0\r\n\tbare = false ; comment\r\n"
                + "[remote.Origin]\n\turl = https://github.com/x/y\n"
                + "[remote \"Spaced Name\"] url = https://dev.azure.com/a/P/_git/r\n"
                + "[REMOTE \"q\"]\n\tURL = \"https://dev.azure.com/\"q\\\n/P/_git/r # trailing\n"
                + "[remote \"with space\"]\n\turl = \"https://dev.azure.com/s/P/_git/has space\"\n"
                + "[remote \"/slash\"]\n\turl = https://dev.azure.com/slash/P/_git/r\n",
            to: directory + "/.git/config")
        try expectSameAsGit(directory, choosing: "q")
    }

    @Test func aLinkedWorktreeReadsTheSharedConfiguration() throws {
        let main = try fixture.repository(
            "main", remotes: [("origin", "https://dev.azure.com/fabrikam/Web/_git/site")])
        try fixture.git([
            "-C", main, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q",
            "--allow-empty", "-m", "x",
        ])
        let linked = fixture.root.appending("linked")
        try fixture.git(["-C", main, "worktree", "add", "-q", linked])
        try FileManager.default.createDirectory(
            atPath: linked + "/sub/dir", withIntermediateDirectories: true)
        try expectSameAsGit(linked + "/sub/dir", choosing: "origin")
        // With worktreeConfig, a worktree can have its own remotes.
        try fixture.git(["-C", main, "config", "extensions.worktreeConfig", "true"])
        try fixture.git([
            "-C", linked, "config", "--worktree", "remote.mine.url", "https://dev.azure.com/mine/P/_git/r",
        ])
        try fixture.git(["-C", main, "remote", "remove", "origin"])
        try expectSameAsGit(linked, choosing: "mine")
        try expectSameAsGit(main, choosing: nil)
    }

    @Test func outsideARepositoryThereIsNothingToAsk() throws {
        let plain = fixture.root.appending("plain/sub")
        try FileManager.default.createDirectory(atPath: plain, withIntermediateDirectories: true)
        #expect(GitRepository.discover(from: plain, environment: fixture.core) == .none)
        #expect(RepositoryContext.detect(in: plain, environment: fixture.core) == nil)
    }

    @Test func whatOnlyGitCanDecideIsLeftToGit() throws {
        let bare = fixture.root.appending("bare.git")
        try fixture.git(["init", "-q", "--bare", bare])
        guard case .askGit = GitRepository.discover(from: bare, environment: fixture.core) else {
            Issue.record("a bare repository was read without git")
            return
        }
        let directory = try fixture.repository(
            "env", remotes: [("origin", "https://dev.azure.com/fabrikam/Web/_git/site")])
        var environment = fixture.environment
        environment["GIT_DIR"] = directory + "/.git"
        guard case .askGit = GitRepository.discover(from: fixture.root.path, environment: .init(environment))
        else {
            Issue.record("GIT_DIR was not left to git")
            return
        }
        try fixture.write("[include]\n\tpath = other\n", to: fixture.globalConfig)
        guard
            case .repository(let repository) = GitRepository.discover(
                from: directory, environment: fixture.core),
            case .failure = repository.configuration(environment: fixture.core)
        else {
            Issue.record("an include was not left to git")
            return
        }
        // And git's answer is the one used.
        let context = try #require(RepositoryContext.detect(in: directory, environment: fixture.core))
        #expect(context.organizationURL == "https://dev.azure.com/fabrikam")
        #expect(context.askedGit != nil)
    }

    @Test func azsCacheOfTheServiceAnswerWins() throws {
        let directory = try fixture.repository(
            "cached", remotes: [("origin", "https://fabrikam.visualstudio.com/Web/_git/site")])
        #expect(
            RepositoryContext.detect(in: directory, environment: fixture.core)?.organizationURL
                == "https://fabrikam.visualstudio.com/")
        let cache = fixture.root.appending("azuredevops/cache/remotes.json")
        try fixture.write(
            #"{"https://fabrikam.visualstudio.com/Web/_git/site": {"project": "5d1f", "repository": "9a2c", "serverUrl": "https://dev.azure.com/fabrikam"}, "other": {}}"#,
            to: cache)
        let context = try #require(RepositoryContext.detect(in: directory, environment: fixture.core))
        #expect(context.organizationURL == "https://dev.azure.com/fabrikam")
        #expect(context.fromAzureCache)
        // az checks what it cached: an answer naming another host is ignored.
        try fixture.write(
            #"{"https://fabrikam.visualstudio.com/Web/_git/site": {"serverUrl": "https://attacker.example/"}}"#,
            to: cache)
        #expect(
            RepositoryContext.detect(in: directory, environment: fixture.core)?.organizationURL
                == "https://fabrikam.visualstudio.com/")
    }
}

@Suite struct GitConfigFileTests {
    @Test func valuesAreReadAsGitReadsThem() throws {
        let text = "[Section \"Sub.Name\"]\n\tKey = \"  a  \"  b \\t c ; comment\n\tflag\n[a.B]\n\tx=1\\\n2\n"
        let file = try #require(GitConfigFile(parsing: Array(text.utf8)))
        #expect(
            file.entries == [
                .init(section: "section", subsection: "Sub.Name", name: "key", value: "  a    b \t c"),
                .init(section: "section", subsection: "Sub.Name", name: "flag", value: nil),
                .init(section: "a", subsection: "b", name: "x", value: "12"),
            ])
    }

    @Test(arguments: [
        "[core\n", "[core \"x]\n", "[core]\nbad key = 1\n", "[core]\nk = \"open\n", "[core]\nk = \\q\n",
        "key = outside\n", "[core]\n1k = x\n",
    ])
    func whatGitRefusesIsRefused(text: String) {
        #expect(GitConfigFile(parsing: Array(text.utf8)) == nil)
    }
}
