import Foundation
import TestSupport
import Testing

/// A PAT never shows in output, files other than the token file, argv or the environment of the
/// process; the process holding it cannot be dumped; files are private whatever the umask.
@Suite struct SecretHygieneTests {
    /// Known tokens, each with a distinctive prefix so that a fragment would be found too.
    static let organizationPAT = "Zq9orgPATsecret4711"
    static let defaultPAT = "Kx2defaultPATsecret0815"
    static let environmentPAT = "Ev7environmentPATsecret42"
    static let rejectedPAT = "Rj3rejectedPATsecret99"
    static let azureToken = "Az5entraAccessTokenSecret"
    /// Refused tokens: neither half may be echoed in the error.
    static let refusedHalves = [
        "Sp1leftHalfSecret", "Sp2rightHalfSecret", "Es1beforeEscSecret", "Es2afterEscSecret",
    ]

    static var secrets: [String] {
        [organizationPAT, defaultPAT, environmentPAT, rejectedPAT, azureToken] + refusedHalves
    }

    /// Every command-line scenario, with the known tokens, on the file store: every byte of
    /// standard output and standard error, and every file but the token file, is searched.
    /// `token` is the one command meant to print a token, to standard output only.
    @Test func noCommandShowsAToken() throws {
        let az = try ScriptedAzureCLI()
        let cli = try CLI()
        cli.environment["PATH"] = az.binDirectory + ":" + inheritedPath
        cli.environment["AZURE_CONFIG_DIR"] = az.configDirectory
        let server = try TestHTTPServer(tokens: [
            Self.organizationPAT: "Jane Doe", Self.azureToken: "Jane (Entra)",
        ])
        let contoso = server.organization(named: "contoso")
        let pat = { (token: String) in Array((token + "\n").utf8) }
        let withVariable = ["AZURE_DEVOPS_EXT_PAT": Self.environmentPAT]

        var outputs: [(command: String, output: String)] = []
        func run(_ arguments: [String], _ input: [UInt8]? = nil, environment: [String: String] = [:]) throws {
            outputs.append(
                (
                    arguments.joined(separator: " "),
                    try cli.run(arguments, input: input, environment: environment).output
                ))
        }
        try run(["login", "--org", contoso], pat(Self.organizationPAT))
        try run(["login"], pat(Self.defaultPAT))
        try run(["login", "--org", server.organization(.unauthorized)], pat(Self.rejectedPAT))
        try run(["login", "--org", server.organization(.garbage)], pat(Self.rejectedPAT))
        try run(["login", "--org", server.organization(.reset)], pat(Self.rejectedPAT))
        try run(["login", "--org", server.organization(.redirect)], pat(Self.rejectedPAT))
        try run(["login", "--org", contoso], pat(Self.refusedHalves[0] + " " + Self.refusedHalves[1]))
        try run(["login"], pat(Self.refusedHalves[2] + "\u{1B}[2J" + Self.refusedHalves[3]))
        try run(
            ["login", "--org", "https://user:\(Self.rejectedPAT)@dev.azure.com/org"],
            pat(Self.organizationPAT))
        try run(["login", "--org", contoso], pat(Self.organizationPAT), environment: withVariable)
        try run(["list"])
        try run(["list", "--json"], environment: withVariable)
        try run(["verify", "--all"])
        try run(["verify", "--all", "--json"])
        try run(["verify", "--org", contoso], environment: withVariable)
        try run(["verify", "--org", server.organization(.unauthorized)])
        try run(
            ["configure", "--list"],
            environment: withVariable.merging(["AZURE_DEVOPS_EXT__DEFAULTS_PROJECT": "P"]) { $1 })
        try run(["use", server.organization(named: "other")])
        try run(["use", "-"])
        try run(["doctor"])
        try run(["doctor", "--json"])
        try az.signIn([
            ScriptedAzureCLI.Account(user: "jane@contoso.com", tenant: "72f988bf-0000-0000-0000-000000000001")
        ])
        try az.token(Self.azureToken, forTenant: "72f988bf-0000-0000-0000-000000000001")
        try run(["status"])
        try run(["status", "--check"], environment: withVariable)
        try run(["status", "--check", "--json"])

        // `token` prints the token on standard output, and nothing of it anywhere else.
        let token = try cli.run(["token", "--org", contoso], input: nil)
        #expect(token.standardOutput == Self.organizationPAT + "\n")
        let fromVariable = try cli.run(["token"], input: nil, environment: withVariable)
        #expect(fromVariable.standardOutput == Self.environmentPAT + "\n")
        outputs.append(("token (stderr)", token.standardError + fromVariable.standardError))

        try run(["logout", "--org", contoso])
        try run(["logout", "--all"])

        for (command, output) in outputs {
            for secret in Self.secrets {
                #expect(!output.contains(secret), "'\(command)' printed a token: \(output)")
            }
        }
        #expect(
            outputs.contains { $0.command.hasPrefix("status --check") && $0.output.contains("Jane (Entra)") },
            "az's token was really used")

        // The token file is the only file that may hold a token; the index, config, state
        // and lock files never do, nor does any request line the server saw.
        for (name, bytes) in FileSnapshot.tree(cli.configDirectory) where name != "personalAccessTokens" {
            let text = String(decoding: bytes, as: UTF8.self)
            for secret in Self.secrets { #expect(!text.contains(secret), "\(name) holds a token") }
        }
        for request in server.requests {
            for secret in Self.secrets { #expect(!request.path.contains(secret)) }
        }
    }

    /// While the process holds a PAT (its check is in flight against a server that never
    /// answers), neither its argv nor its environment contain it.
    @Test func theTokenIsInNeitherArgvNorTheEnvironmentOfTheProcessHoldingIt() throws {
        let cli = try CLI()
        let server = try TestHTTPServer()
        let child = try cli.start(
            ["login", "--org", server.organization(.hang)], input: Self.organizationPAT + "\n")
        defer {
            child.kill(SIGKILL)
            child.wait()
        }
        try server.waitForRequests(to: TestHTTPServer.Behaviour.hang.rawValue)
        #expect(server.requests.count == 1)
        let environ = FileSnapshot.bytes("/proc/\(child.pid)/environ") ?? []
        let argv = FileSnapshot.bytes("/proc/\(child.pid)/cmdline") ?? []
        #expect(!environ.isEmpty && !argv.isEmpty, "the process was there to look at")
        #expect(environ.firstRange(of: Array(Self.organizationPAT.utf8)) == nil)
        #expect(argv.firstRange(of: Array(Self.organizationPAT.utf8)) == nil)
        #expect(server.requests.first?.headers["authorization"] != nil, "it does hold the token")
    }

    /// Observed on the real process, waiting at the token prompt as an ordinary user: /proc
    /// files of a non-dumpable process belong to root (proc(5)), and the core size limit is 0.
    /// A `sleep` started the same way shows what a dumpable process looks like.
    @Test(.enabled(if: FaultInjection.canRunAsAnotherUser))
    func theProcessIsNotDumpableAndCannotWriteACoreFile() throws {
        let cli = try CLI()
        FaultInjection.giveAway(cli.root.path)
        let fifo = cli.root.appending("token.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        var environment = cli.environment
        environment["ADO_FIFO"] = fifo
        let child = try ChildProcess(
            ["/bin/sh", "-c", #"exec "$@" < "$ADO_FIFO""#, "sh"]
                + FaultInjection.asAnotherUser([adoAccountsBinary, "login"]),
            environment: environment)
        let writer = open(fifo, O_WRONLY)
        #expect(writer >= 0)
        #expect(
            ProcessProbe.waitUntilReadingStandardInput(child.pid), "the command never got to the token prompt"
        )

        let statusFile = "/proc/\(child.pid)/status"
        let uidLine = FileSnapshot.text(statusFile)?.split(separator: "\n").first { $0.hasPrefix("Uid:") }
        #expect(
            uidLine?.split(separator: "\t").dropFirst().first == "\(FaultInjection.unprivilegedID)",
            "it runs as the other user")
        #expect(owner(of: statusFile) == 0, "non-dumpable: /proc/<pid> belongs to root")
        let limits = FileSnapshot.text("/proc/\(child.pid)/limits") ?? ""
        let core = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }.map {
            $0.split(separator: " ", omittingEmptySubsequences: true)
        }
        #expect(core.map { Array($0.suffix(3)) } == ["0", "0", "bytes"], "\(limits)")

        _ = "a-token\n".withCString { write(writer, $0, 8) }
        close(writer)
        let result = child.wait()
        #expect(result.status == 0, "\(result.output)")

        let control = try ChildProcess(
            FaultInjection.asAnotherUser(["sleep", "30"]), environment: cli.environment)
        defer {
            control.kill(SIGKILL)
            control.wait()
        }
        // Once sleep runs (setpriv has dropped root and exec'd it), its /proc files are its own.
        #expect(
            Patience.waitQuietly {
                owner(of: "/proc/\(control.pid)/status") == uid_t(FaultInjection.unprivilegedID)
            },
            "a dumpable process of that user owns its /proc files")
    }

    @Test(arguments: ["000", "022", "077"])
    func filesAre0600AndDirectories0700WhateverTheUmask(umask: String) throws {
        let cli = try CLI()
        let commands = [
            ["login", "--org", "https://dev.azure.com/a", "--skip-verify"], ["login"],
            ["use", "https://dev.azure.com/b"],
            ["configure", "--defaults", "project=P"],
        ]
        for arguments in commands {
            let result = try ChildProcess.run(
                ["/bin/sh", "-c", "umask \(umask); exec \"$@\"", "sh", adoAccountsBinary] + arguments,
                environment: cli.environment,
                standardInput: "a-token\n")
            #expect(result.status == 0, "\(arguments): \(result.output)")
        }
        #expect(FileSnapshot.mode(cli.root.appending("home/.azure")) == 0o700)
        #expect(FileSnapshot.mode(cli.configDirectory) == 0o700)
        let names = [
            "personalAccessTokens", "config", "organization_list", "ado-accounts.state", "ado-accounts.lock",
        ]
        for name in names {
            #expect(
                FileSnapshot.mode(cli.configDirectory + "/" + name) == 0o600, "\(name) with umask \(umask)")
        }
    }

    @Test func aFileAzLeftReadableByOthersIsRewrittenPrivately() throws {
        let cli = try CLI()
        try FileSnapshot.write(
            "[defaults]\norganization = https://dev.azure.com/a\n\n", to: cli.configFile, mode: 0o644)
        try FileSnapshot.write("azdevops-cli:https://dev.azure.com/a\n", to: cli.indexFile, mode: 0o664)
        try cli.run("login", "--org", "https://dev.azure.com/b", "--skip-verify", input: "t\n")
        try cli.run("use", "https://dev.azure.com/b")
        #expect(FileSnapshot.mode(cli.configFile) == 0o600)
        #expect(FileSnapshot.mode(cli.indexFile) == 0o600)
    }

    private func owner(of path: String) -> uid_t? {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_uid : nil
    }
}
