import Foundation
import TestSupport
import Testing

/// `git-credential` and `setup-git`: git's credential-helper protocol, and a real clone and
/// push through git's own smart-HTTP server that requires the PAT.
@Suite struct GitCredentialTests {
    let cli: CLI

    init() throws {
        cli = try CLI()
        // git as the tests run it: no system configuration, never a prompt.
        cli.environment["GIT_CONFIG_NOSYSTEM"] = "1"
        cli.environment["GIT_TERMINAL_PROMPT"] = "0"
        try cli.run("login", "--org", "fabrikam", "--skip-verify", input: "pat-fabrikam\n")
        try cli.run(
            "login", "--org", "https://contoso.visualstudio.com", "--skip-verify", input: "pat-contoso\n")
        try cli.run("login", "--org", "https://tfs.example.com/tfs", "--skip-verify", input: "pat-server\n")
    }

    func helper(_ action: String, _ request: String) throws -> ChildProcess.Result {
        try cli.run(["git-credential", action], input: Array((request + "\n").utf8))
    }

    @Test(arguments: [
        (
            "protocol=https\nhost=dev.azure.com\npath=fabrikam/Web/_git/site\n",
            "username=ado-accounts\npassword=pat-fabrikam\n"
        ),
        (
            "protocol=https\nhost=dev.azure.com\nusername=fabrikam\n",
            "username=fabrikam\npassword=pat-fabrikam\n"
        ),
        ("protocol=https\nhost=contoso.visualstudio.com\n", "username=ado-accounts\npassword=pat-contoso\n"),
        (
            "protocol=https\nhost=tfs.example.com\npath=tfs/DefaultCollection/Web/_git/site\n",
            "username=ado-accounts\npassword=pat-server\n"
        ),
        ("url=https://me@dev.azure.com/fabrikam/Web/_git/site\n", "username=me\npassword=pat-fabrikam\n"),
        (
            "capability[]=authtype\nprotocol=https\nhost=dev.azure.com:443\npath=Fabrikam/x\nwwwauth[]=Basic realm=\"x\"\n",
            "username=ado-accounts\npassword=pat-fabrikam\n"
        ),
    ])
    func getAnswersForServedHosts(request: String, answer: String) throws {
        let result = try helper("get", request)
        #expect(result.status == 0)
        #expect(result.standardOutput == answer)
        #expect(result.standardError.isEmpty)
    }

    /// Hosts it does not serve get nothing, so that git asks its other helpers; the default
    /// credential is never sent to them.
    @Test(arguments: [
        "protocol=https\nhost=github.com\npath=fabrikam/site\n",
        "protocol=http\nhost=dev.azure.com\npath=fabrikam/x\n",
        "protocol=https\nhost=tfs.example.com\npath=other/x\n",
        "protocol=https\nhost=dev.azure.com.evil.example\npath=fabrikam/x\n",
        "url=https://evil.example?@dev.azure.com/fabrikam/Web/_git/site\n",
        "url=https://evil.example#@dev.azure.com/fabrikam/Web/_git/site\n",
        "url=https://a%0Apassword=x@dev.azure.com/fabrikam/Web/_git/site\n",
        "",
    ])
    func otherHostsGetNothing(request: String) throws {
        try cli.run("login", input: "pat-default\n")
        let result = try helper("get", request)
        #expect(result.status == 0)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.isEmpty)
    }

    @Test func whatCannotBeAnsweredIsSaidOnStandardErrorOnly() throws {
        let noPath = try helper("get", "protocol=https\nhost=dev.azure.com\n")
        #expect(noPath.status == 0 && noPath.standardOutput.isEmpty)
        #expect(noPath.errorLines.count == 1 && noPath.errorLines[0].contains("useHttpPath"))
        let noToken = try helper("get", "protocol=https\nhost=dev.azure.com\npath=nobody/x\n")
        #expect(noToken.status == 0 && noToken.standardOutput.isEmpty)
        #expect(
            noToken.errorLines == [
                "ado-accounts: no token for https://dev.azure.com/nobody; run 'ado-accounts login --organization https://dev.azure.com/nobody'."
            ])
        // The default credential stands in, as it does for az.
        try cli.run("login", input: "pat-default\n")
        #expect(
            try helper("get", "protocol=https\nhost=dev.azure.com\npath=nobody/x\n").standardOutput
                == "username=ado-accounts\npassword=pat-default\n")
    }

    /// A PAT travels over plain http:// only to this machine, or to a server the person allowed
    /// with --allow-http (setup-git gives the helper the option); never to Azure DevOps
    /// Services, for which az may have stored an http:// key.
    @Test func plainHTTPOnlyWhereTheRulesAllowIt() throws {
        try cli.run(
            "login", "--org", "http://tfs.lan:8080/tfs", "--skip-verify", "--allow-http", input: "pat-lan\n")
        let tokens = try #require(FileSnapshot.text(cli.tokenFile))
        try FileSnapshot.write(
            tokens + "\n[azdevops-cli:http://dev.azure.com/plain]\npersonal access token = pat-plain\n",
            to: cli.tokenFile, mode: 0o600)
        let lanRequest = "protocol=http\nhost=tfs.lan:8080\npath=tfs/P/_git/r\n"
        let lan = try helper("get", lanRequest)
        #expect(lan.status == 0 && lan.standardOutput.isEmpty)
        #expect(
            lan.errorLines == [
                "ado-accounts: http://tfs.lan:8080/tfs would send the token unencrypted to tfs.lan. Use https://, or allow plain HTTP to this host explicitly with --allow-http."
            ])
        let allowed = try cli.run(
            ["git-credential", "--allow-http", "get"], input: Array((lanRequest + "\n").utf8))
        #expect(allowed.standardOutput == "username=ado-accounts\npassword=pat-lan\n")
        for arguments in [["git-credential", "get"], ["git-credential", "--allow-http", "get"]] {
            let services = try cli.run(
                arguments, input: Array("protocol=http\nhost=dev.azure.com\npath=plain/x\n\n".utf8))
            #expect(services.standardOutput.isEmpty)
            #expect(
                services.errorLines == [
                    "ado-accounts: http://dev.azure.com/plain is Azure DevOps Services, which is only served over https: http:// would send the token unencrypted. Use https://dev.azure.com/plain."
                ])
        }

        let gitconfig = cli.root.appending("home/.gitconfig")
        let setup = try cli.run("setup-git")
        #expect(
            setup.errorLines == [
                "ado-accounts: not set up: http://tfs.lan:8080/tfs would send the token unencrypted to tfs.lan. Use https://, or allow plain HTTP to this host explicitly with --allow-http."
            ])
        #expect(!(FileSnapshot.text(gitconfig) ?? "").contains("tfs.lan"))
        #expect(try cli.run("setup-git", "--allow-http").status == 0)
        let helpers = try git(["config", "--global", "--get-all", "credential.http://tfs.lan:8080.helper"])
        #expect(helpers == "\n!\(adoAccountsBinary) git-credential --allow-http\n")
        #expect(
            try git(["config", "--global", "--get-all", "credential.https://dev.azure.com.helper"])
                == "\n!\(adoAccountsBinary) git-credential\n")
        #expect(try cli.run("setup-git", "--remove").status == 0)
        #expect(!(FileSnapshot.text(gitconfig) ?? "").contains("ado-accounts"))
    }

    /// On a server other than Azure DevOps Services only that organization's own PAT is given:
    /// the default credential and AZURE_DEVOPS_EXT_PAT stand for organizations on the service
    /// (az attaches no credential anywhere else), not for whatever host a default names.
    @Test func anotherServerGetsOnlyItsOwnToken() throws {
        try cli.run("login", input: "pat-default\n")
        try cli.run("configure", "--defaults", "organization=https://evil.example/x")
        let evil = try helper("get", "protocol=https\nhost=evil.example\npath=x/y\n")
        #expect(evil.status == 0 && evil.standardOutput.isEmpty)
        #expect(
            evil.errorLines == [
                "ado-accounts: no token for https://evil.example/x; run 'ado-accounts login --organization https://evil.example/x'."
            ])
        let variable = ["AZURE_DEVOPS_EXT_PAT": "pat-variable"]
        let server = try cli.run(
            ["git-credential", "get"],
            input: Array("protocol=https\nhost=tfs.example.com\npath=tfs/x\n\n".utf8), environment: variable)
        #expect(server.standardOutput == "username=ado-accounts\npassword=pat-server\n")
        let evilWithVariable = try cli.run(
            ["git-credential", "get"], input: Array("protocol=https\nhost=evil.example\npath=x/y\n\n".utf8),
            environment: variable)
        #expect(evilWithVariable.standardOutput.isEmpty)
        // On the service the variable wins, as it does for az.
        let service = try cli.run(
            ["git-credential", "get"],
            input: Array("protocol=https\nhost=dev.azure.com\npath=fabrikam/x\n\n".utf8),
            environment: variable)
        #expect(service.standardOutput == "username=ado-accounts\npassword=pat-variable\n")
    }

    /// A refused token is reported, never deleted; `store` stores nothing.
    /// az keys a collection named ΟΔΟΣ as `…/οδος` (Python's lower() ends a word with ς), and
    /// git sends the path as typed in the remote: the helper must lower it the same way.
    @Test func aServerCollectionWithAFinalSigmaIsServed() throws {
        try cli.run("login", "--org", "https://tfs.example.com/ΟΔΟΣ", "--skip-verify", input: "pat-greek\n")
        let result = try helper("get", "protocol=https\nhost=tfs.example.com\npath=ΟΔΟΣ/Web/_git/site\n")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.standardOutput == "username=ado-accounts\npassword=pat-greek\n", "\(result.output)")
    }

    /// git always reads the answer through a pipe: typed at a terminal, `get` must not put the
    /// token on screen (nor in the scrollback), as `token` refuses to.
    @Test func getOnATerminalShowsNoToken() throws {
        // The first line is blank: tmux 3.3a loses a dead pane's first line under remain-on-exit.
        let script =
            #"echo; printf 'protocol=https\nhost=dev.azure.com\npath=fabrikam/x\n\n' | "$0" git-credential get; echo "status=$?""#
        let terminal = try TmuxSession(
            ["/bin/sh", "-c", script, adoAccountsBinary], width: 200,
            environment: ["AZURE_DEVOPS_EXT_CONFIG_DIR": cli.configDirectory, "ADO_ACCOUNTS_STORE": "file"])
        defer { terminal.close() }
        let screen = try terminal.waitFor("status=")
        #expect(screen.contains("status=2"), "\(screen)")
        #expect(screen.contains("Standard output is a terminal"), "\(screen)")
        for seen in terminal.seen + [try terminal.history()] { #expect(!seen.contains("pat-fabrikam")) }
    }

    @Test func eraseAndStoreChangeNothing() throws {
        let before = cli.files
        let erase = try helper(
            "erase",
            "protocol=https\nhost=dev.azure.com\npath=fabrikam/x\nusername=u\npassword=pat-fabrikam\n")
        #expect(erase.status == 0 && erase.standardOutput.isEmpty)
        #expect(
            erase.errorLines == [
                "ado-accounts: https://dev.azure.com/fabrikam refused its own PAT (file); it was kept. Check it with 'ado-accounts verify --organization https://dev.azure.com/fabrikam', then log in again."
            ])
        let otherPassword = try helper(
            "erase", "protocol=https\nhost=dev.azure.com\npath=fabrikam/x\npassword=someone-elses\n")
        #expect(otherPassword.standardError.isEmpty, "another helper's password is not ours to comment on")
        let store = try helper(
            "store", "protocol=https\nhost=dev.azure.com\npath=x/y\nusername=u\npassword=new\n")
        #expect(store.status == 0 && store.standardOutput.isEmpty && store.standardError.isEmpty)
        #expect(cli.files == before)
    }

    @Test func setupGitWritesExactlyWhatIsNeededAndRemovesIt() throws {
        let gitconfig = cli.root.appending("home/.gitconfig")
        try FileSnapshot.write("[credential]\n\thelper = store\n[user]\n\tname = Jane\n", to: gitconfig)
        let setup = try cli.run("setup-git")
        #expect(setup.status == 0)
        let helper = "'!\(adoAccountsBinary) git-credential'"
        #expect(
            setup.standardOutput.split(separator: "\n").map(String.init) == [
                "git config --global --add credential.https://dev.azure.com.helper ''",
                "git config --global --add credential.https://dev.azure.com.helper \(helper)",
                "git config --global credential.https://dev.azure.com.ado-accounts-previous-useHttpPath unset",
                "git config --global credential.https://dev.azure.com.useHttpPath true",
                "git config --global --add 'credential.https://*.visualstudio.com.helper' ''",
                "git config --global --add 'credential.https://*.visualstudio.com.helper' \(helper)",
                "git config --global --add credential.https://tfs.example.com.helper ''",
                "git config --global --add credential.https://tfs.example.com.helper \(helper)",
                "git config --global credential.https://tfs.example.com.ado-accounts-previous-useHttpPath unset",
                "git config --global credential.https://tfs.example.com.useHttpPath true",
            ])
        let written = try #require(FileSnapshot.text(gitconfig))
        #expect(try cli.run("setup-git").status == 0)
        #expect(FileSnapshot.text(gitconfig) == written, "running it again writes the same")
        // git asks the helper for each kind of host, and only it.
        for (url, token) in [
            ("https://dev.azure.com/fabrikam/Web/_git/site", "pat-fabrikam"),
            ("https://contoso.visualstudio.com/Web/_git/site", "pat-contoso"),
        ] {
            let fill = try ChildProcess.run(
                ["git", "credential", "fill"], environment: cli.environment, standardInput: "url=\(url)\n\n")
            #expect(fill.standardOutput.contains("password=\(token)\n"))
        }
        let removed = try cli.run("setup-git", "--remove")
        #expect(removed.status == 0)
        // What was there before is kept; git may leave the emptied section headers.
        let left = try #require(FileSnapshot.text(gitconfig))
        #expect(left.hasPrefix("[credential]\n\thelper = store\n[user]\n\tname = Jane\n"))
        #expect(!left.contains("ado-accounts") && !left.contains("useHttpPath"))
        #expect(left.split(separator: "\n").filter { $0.hasPrefix("\t") }.count == 2)
    }

    /// A helper the person configured for the same URL is not deleted: it stays, shadowed by
    /// the reset that comes after it, setup-git says so, and --remove brings it back.
    @Test func setupGitKeepsAHelperThePersonSetForTheSameURL() throws {
        let gitconfig = cli.root.appending("home/.gitconfig")
        let before = "[credential \"https://dev.azure.com\"]\n\thelper = manager\n\tusername = jane\n"
        try FileSnapshot.write(before, to: gitconfig)
        let setup = try cli.run("setup-git")
        #expect(setup.status == 0)
        #expect(
            setup.errorLines == [
                "ado-accounts: credential.https://dev.azure.com.helper 'manager' is kept, but git no longer asks it for these URLs; 'ado-accounts setup-git --remove' brings it back."
            ])
        let helpers = try git(["config", "--global", "--get-all", "credential.https://dev.azure.com.helper"])
        #expect(helpers == "manager\n\n!\(adoAccountsBinary) git-credential\n")
        let written = try #require(FileSnapshot.text(gitconfig))
        #expect(try cli.run("setup-git").status == 0)
        #expect(FileSnapshot.text(gitconfig) == written, "running it again writes the same")
        #expect(try cli.run("setup-git", "--remove").status == 0)
        #expect(
            try git(["config", "--global", "--get-all", "credential.https://dev.azure.com.helper"])
                == "manager\n")
        #expect(try git(["config", "--global", "credential.https://dev.azure.com.username"]) == "jane\n")
    }

    /// A `useHttpPath` the person set stays after --remove: one already true is left as it is,
    /// one set to false is made true while the helper serves and put back by --remove.
    @Test(arguments: ["true", "false"])
    func setupGitRemoveKeepsTheUseHttpPathThePersonSet(value: String) throws {
        let gitconfig = cli.root.appending("home/.gitconfig")
        let before = "[credential \"https://dev.azure.com\"]\n\tuseHttpPath = \(value)\n"
        try FileSnapshot.write(before, to: gitconfig)
        #expect(try cli.run("setup-git").status == 0)
        let key = "credential.https://dev.azure.com.useHttpPath"
        #expect(try git(["config", "--global", key]) == "true\n")
        #expect(try cli.run("setup-git").status == 0)
        #expect(try cli.run("setup-git", "--remove").status == 0)
        #expect(try git(["config", "--global", "--get-all", key]) == "\(value)\n")
        let left = try #require(FileSnapshot.text(gitconfig))
        #expect(!left.contains("ado-accounts"), "\(left)")
    }

    @Test func setupGitLocalWritesTheRepositorysConfiguration() throws {
        // Outside any repository, --local is a usage mistake (exit 2, as for a bad option), not a
        // storage failure; nothing is run, and --remove says the same.
        for arguments in [["setup-git", "--local"], ["setup-git", "--local", "--remove"]] {
            let outside = try cli.run(arguments, input: nil, directory: cli.root.path)
            #expect(outside.status == 2, "\(outside.output)")
            #expect(outside.errorLines.count == 1, "\(outside.output)")
            #expect(
                outside.standardError.hasPrefix(
                    "ado-accounts: --local writes the configuration of the current directory's git repository"
                ),
                "\(outside.output)")
            #expect(outside.standardError.hasSuffix("or use --global.\n"), "\(outside.output)")
        }
        let repository = cli.root.appending("repository")
        try git(["init", "-q", repository])
        #expect(try cli.run(["setup-git", "--local"], input: nil, directory: repository).status == 0)
        let local = try git([
            "-C", repository, "config", "--local", "--get-all", "credential.https://dev.azure.com.helper",
        ])
        #expect(local == "\n!\(adoAccountsBinary) git-credential\n")
        #expect(!FileManager.default.fileExists(atPath: cli.root.appending("home/.gitconfig")))
        #expect(
            try cli.run(["setup-git", "--local", "--remove"], input: nil, directory: repository).status == 0)
        #expect(!(FileSnapshot.text(repository + "/.git/config") ?? "").contains("ado-accounts"))
    }

    /// The whole path: a real `git clone` and `git push` against git's http-backend behind a
    /// server that demands the PAT, with ado-accounts as git's credential helper.
    @Test func aRealCloneAndPushUseTheStoredToken() throws {
        let server = try GitHTTPServer(root: cli.root.appending("served"), password: "pat-local")
        let organization = server.baseURL + "/fabrikam"
        try cli.run("login", "--org", organization, "--skip-verify", input: "pat-local\n")
        let bare = cli.root.appending("served/fabrikam/Web/_git/site")
        try git(["init", "-q", "--bare", bare])
        let seed = cli.root.appending("seed")
        try git(["init", "-q", seed])
        try FileSnapshot.write("hello\n", to: seed + "/README")
        try git(["-C", seed, "add", "README"])
        try git([
            "-C", seed, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first",
        ])
        try git(["-C", seed, "push", "-q", bare, "HEAD:refs/heads/main"])
        try git(["--git-dir", bare, "symbolic-ref", "HEAD", "refs/heads/main"])

        let url = organization + "/Web/_git/site"
        let clone = cli.root.appending("clone")
        let refused = try ChildProcess.run(["git", "clone", "-q", url, clone], environment: cli.environment)
        #expect(refused.status != 0, "without the helper, git has no credential")
        #expect(try cli.run("setup-git").status == 0)
        try git(["clone", "-q", url, clone])
        #expect(FileSnapshot.text(clone + "/README") == "hello\n")
        try FileSnapshot.write("changed\n", to: clone + "/README")
        try git([
            "-C", clone, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "second",
        ])
        try git(["-C", clone, "push", "-q", "origin", "main"])
        #expect(try git(["--git-dir", bare, "log", "--format=%s", "main"]) == "second\nfirst\n")
        #expect(server.attempts.contains { $0.accepted && $0.path.contains("git-receive-pack") })
        #expect(server.attempts.filter(\.accepted).allSatisfy { $0.user == "ado-accounts" })

        // The server now wants another token: git is refused, says erase, and the stored
        // token is kept and named.
        server.accept(password: "rotated")
        let failed = try ChildProcess.run(["git", "-C", clone, "fetch", "-q"], environment: cli.environment)
        #expect(failed.status != 0)
        #expect(
            failed.standardError.contains(
                "ado-accounts: \(organization) refused its own PAT (file); it was kept."))
        #expect(try cli.run("token", "--org", organization).standardOutput == "pat-local\n")
        #expect(!failed.output.contains("pat-local"))
    }

    @discardableResult
    func git(_ arguments: [String]) throws -> String {
        let result = try ChildProcess.run(["git"] + arguments, environment: cli.environment)
        guard result.status == 0 else { throw TestSupportError("git \(arguments): \(result.output)") }
        return result.standardOutput
    }
}
