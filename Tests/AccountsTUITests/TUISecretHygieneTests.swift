import Foundation
import TestSupport
import Testing

/// Known PATs typed into the account manager, stored, checked, refused and logged out, in a
/// real terminal: no screen (history included) and no byte the program wrote holds one or a
/// piece of one; the token field shows only bullets or its length; the process holding them
/// has none in its argv or environment, and cannot be dumped.
@Suite("Secret hygiene in a real terminal", .serialized)
struct TUISecretHygieneTests {
    /// Random-looking, so that a fragment of one could not appear by chance.
    static let seededPAT = "sd4Qw9ZkT2mXb7RvJ8"
    static let typedPAT = "ty7Hn3Pq8Lw2Zc5Xk9Bf"
    static let refusedPAT = "rf2Mk8Vb4Nq7Tj3Gd6"
    static let leftHalf = "hl5Jd8Wq3RzYs2"
    static let rightHalf = "hr9Cx2Vn6KpUe4"
    static let environmentPAT = "ev3Rt8Yu1Io6Pa4Sd"
    static let secondTypedPAT = "tz8Gb1Nm5Qc3Wx7Lk"

    static let unprivilegedID: UInt32 = 65534
    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// The pieces a leak could show: the whole token, each half, every 8 characters in a row.
    static func fragments(_ secret: String) -> [String] {
        let characters = Array(secret)
        let half = characters.count / 2
        var pieces = [secret, String(characters[..<half]), String(characters[half...])]
        for start in 0...(characters.count - 8) { pieces.append(String(characters[start..<start + 8])) }
        return pieces
    }

    /// The secrets of which some piece is in `text`.
    static func leaked(_ secrets: [String], in text: String) -> [String] {
        secrets.filter { secret in fragments(secret).contains { text.contains($0) } }
    }

    /// Raw output without its escape sequences and cursor controls, so that text ncurses wrote
    /// in pieces (a cursor move between them) is searched as it reads.
    static func withoutEscapes(_ output: [UInt8]) -> String {
        String(decoding: output, as: UTF8.self)
            .replacing(
                /\x1B(\[[0-9;?<=>]*[ -\/]*[@-~]|\][^\x07\x1B]*(\x07|\x1B\\)|[()*+][0-9A-Za-z]|.)/, with: ""
            )
            .replacing(/[\r\x08\x0E\x0F]/, with: "")
    }

    /// The token field's content on the screen: only bullets, or "(hidden: N characters)".
    static func tokenField(_ screen: String) -> String? {
        guard let line = screen.split(separator: "\n").first(where: { $0.contains("Token (PAT)") }),
            let label = line.range(of: "Token (PAT)")
        else { return nil }
        let rest = line[label.upperBound...]
        let field = rest.prefix { $0 != "│" }
        return field.trimmingCharacters(in: .whitespaces)
    }

    static func isMasked(_ field: String?, length: Int) -> Bool {
        guard let field else { return false }
        return field == String(repeating: "•", count: length) || field == "(hidden: \(length) characters)"
    }

    /// The built binary, as uid 65534 when the tests run as root: a non-dumpable process's /proc
    /// files belong to root (proc(5)), which only shows when the process is someone else.
    final class Scene {
        let root: TemporaryDirectory
        let server: TestHTTPServer
        let asAnotherUser: Bool
        var environment: [String: String?]
        let log: String
        var captures: [(step: String, text: String)] = []

        init(tokens: [String: String]) throws {
            root = try TemporaryDirectory("ado-tui-secrets")
            server = try TestHTTPServer(tokens: tokens)
            asAnotherUser = geteuid() == 0 && TUISecretHygieneTests.setpriv != nil
            environment = [
                "HOME": root.path, "AZURE_DEVOPS_EXT_CONFIG_DIR": root.appending("cfg"),
                "ADO_ACCOUNTS_STORE": "file", "DBUS_SESSION_BUS_ADDRESS": nil,
                "AZURE_CONFIG_DIR": root.appending("azure"),
            ]
            log = root.appending("output.log")
        }

        func seed(_ name: String, token: String) throws {
            var plain: [String: String] = ["PATH": inheritedPath]
            for (name, value) in environment { plain[name] = value }
            let result = try ChildProcess.run(
                [adoAccountsBinary, "login", "--org", server.organization(named: name), "--skip-verify"],
                environment: plain, standardInput: token + "\n")
            guard result.status == 0 else { throw TestSupportError("seeding \(name): \(result.output)") }
        }

        func start(environment extra: [String: String?] = [:]) throws -> TmuxSession {
            if asAnotherUser {
                chown(root.path, TUISecretHygieneTests.unprivilegedID, TUISecretHygieneTests.unprivilegedID)
                for name in FileManager.default.subpaths(atPath: root.path) ?? [] {
                    lchown(
                        root.appending(name), TUISecretHygieneTests.unprivilegedID,
                        TUISecretHygieneTests.unprivilegedID)
                }
            }
            let id = TUISecretHygieneTests.unprivilegedID
            let command =
                asAnotherUser
                ? [
                    TUISecretHygieneTests.setpriv!, "--reuid=\(id)", "--regid=\(id)", "--clear-groups",
                    adoAccountsBinary,
                ]
                : [adoAccountsBinary]
            let session = try TmuxSession(
                command, width: 90, height: 26, environment: environment.merging(extra) { $1 })
            try session.recordOutput(to: log)
            return session
        }

        /// The whole pane, text and attributes, after a step.
        func capture(_ session: TmuxSession, _ step: String) throws {
            captures.append((step, try session.captureAll(escapes: false)))
            captures.append((step + " (-e)", try session.captureAll(escapes: true)))
        }

        /// Every capture and the output log, searched for each secret.
        func expectNoLeak(of secrets: [String], sourceLocation: SourceLocation = #_sourceLocation) {
            for (step, text) in captures {
                let found = TUISecretHygieneTests.leaked(secrets, in: text)
                #expect(found.isEmpty, "\(step) shows \(found): \(text)", sourceLocation: sourceLocation)
            }
            let output = FileSnapshot.bytes(log) ?? []
            #expect(output.count > 1000, "the output was recorded", sourceLocation: sourceLocation)
            let raw = String(decoding: output, as: UTF8.self)
            let stripped = TUISecretHygieneTests.withoutEscapes(output)
            #expect(
                TUISecretHygieneTests.leaked(secrets, in: raw).isEmpty
                    && TUISecretHygieneTests.leaked(secrets, in: stripped).isEmpty,
                "the output holds \(TUISecretHygieneTests.leaked(secrets, in: raw + "\n" + stripped))",
                sourceLocation: sourceLocation)
        }
    }

    /// /proc of the program while it holds typed tokens: argv and the environment are what the
    /// parent gave (no PAT variable unless given, never a typed token), the core limit is 0,
    /// and, as another user, its /proc files belong to root: it is not dumpable.
    static func expectProcessHygiene(
        _ pid: Int32, scene: Scene, typed: [String], variable: String?,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let environ = (try? String(contentsOfFile: "/proc/\(pid)/environ", encoding: .utf8)) ?? ""
        let argv = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
        #expect(
            argv == adoAccountsBinary + "\u{0}", "argv: \(argv.debugDescription)",
            sourceLocation: sourceLocation)
        #expect(
            environ.contains("HOME=\(scene.root.path)\u{0}"), "environ was read",
            sourceLocation: sourceLocation)
        #expect(
            leaked(typed, in: environ + argv).isEmpty, "a typed token in argv or environ",
            sourceLocation: sourceLocation)
        let variables = environ.split(separator: "\u{0}").filter {
            $0.hasPrefix("AZURE_DEVOPS_EXT_PAT=") || $0.hasPrefix("AZURE_DEVOPS_CLI_PAT=")
        }
        #expect(
            variables == (variable.map { ["AZURE_DEVOPS_EXT_PAT=\($0)"] } ?? []),
            "PAT variables only as the parent set them: \(variables)", sourceLocation: sourceLocation)
        let limits = (try? String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)) ?? ""
        let core = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }
        #expect(
            core.map { Array($0.split(separator: " ").suffix(3)) } == ["0", "0", "bytes"], "\(limits)",
            sourceLocation: sourceLocation)
        if scene.asAnotherUser {
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            let uid = status.split(separator: "\n").first { $0.hasPrefix("Uid:") }?.split(separator: "\t")
            #expect(
                uid?.dropFirst().first == "\(unprivilegedID)", "it runs as another user",
                sourceLocation: sourceLocation)
            var info = stat()
            #expect(
                stat("/proc/\(pid)/status", &info) == 0 && info.st_uid == 0,
                "not dumpable: /proc/<pid> belongs to root", sourceLocation: sourceLocation)
        }
    }

    @Test func typedTokensNeverShowAndTheProcessKeepsThemToItself() throws {
        let scene = try Scene(tokens: [Self.seededPAT: "Jane Doe", Self.typedPAT: "Ada Lovelace"])
        try scene.seed("contoso", token: Self.seededPAT)
        let session = try scene.start()
        defer { session.close() }
        let server = scene.server
        try session.waitFor("1 organization")
        let program = try session.process(named: "ado-accounts")

        // A token typed into the form: bullets, then its length with Ctrl-R, then bullets again.
        try session.send("a")
        try session.waitFor("Log in")
        try session.type(server.organization(named: "fabrikam"))
        try session.send("Tab")
        try session.type(Self.typedPAT)
        var screen = try session.waitFor { Self.isMasked(Self.tokenField($0), length: Self.typedPAT.count) }
        #expect(Self.tokenField(screen) == String(repeating: "•", count: Self.typedPAT.count))
        try scene.capture(session, "typed")
        Self.expectProcessHygiene(program, scene: scene, typed: [Self.typedPAT], variable: nil)
        try session.send("C-r")
        screen = try session.waitFor("(hidden: \(Self.typedPAT.count) characters)")
        #expect(Self.isMasked(Self.tokenField(screen), length: Self.typedPAT.count))
        try scene.capture(session, "Ctrl-R")
        try session.send("C-r")
        try session.waitFor { Self.tokenField($0) == String(repeating: "•", count: Self.typedPAT.count) }

        // Accepted and stored.
        try session.send("Enter")
        try session.waitFor("as Ada Lovelace")
        try scene.capture(session, "logged in")
        #expect(
            FileSnapshot.text(scene.root.appending("cfg/personalAccessTokens"))?.contains(Self.typedPAT)
                == true)

        // Refused by the server: the form stays open with the reason.
        try session.send("a")
        try session.waitFor("Log in")
        try session.type(server.organization(.unauthorized))
        try session.send("Tab")
        try session.type(Self.refusedPAT)
        try session.send("Enter")
        // The field still shows only bullets.
        try session.waitFor {
            $0.contains("401") && Self.isMasked(Self.tokenField($0), length: Self.refusedPAT.count)
        }
        try scene.capture(session, "refused")
        Self.expectProcessHygiene(
            program, scene: scene, typed: [Self.typedPAT, Self.refusedPAT], variable: nil)

        // Refused by the form: two halves with a space, then an organization that is no URL.
        try session.send("C-u")
        try session.type(Self.leftHalf + " " + Self.rightHalf)
        try session.send("Enter")
        try session.waitFor("The token contains whitespace")
        try scene.capture(session, "whitespace")
        try session.send("BTab", "C-u")
        try session.type("not an organization")
        try session.send("Enter")
        try session.waitFor("The organization contains a space")
        try scene.capture(session, "bad organization")
        try session.send("Escape")
        try session.waitFor("Nothing was stored.")
        try scene.capture(session, "cancelled")

        // Checks with the stored tokens, one and all.
        try session.send("g", "v")
        try session.waitFor { $0.contains("valid, signed in as") }
        try session.send("V")
        try session.waitFor("Checked 2 organizations")
        try scene.capture(session, "verified")

        // A logout, with its confirmation.
        try session.send("d")
        try session.waitFor("Log out of")
        try scene.capture(session, "confirmation")
        try session.send("y")
        try session.waitFor("Logged out of")
        try scene.capture(session, "logged out")

        try session.send("q")
        #expect(try session.waitForExit() == 0)
        try scene.capture(session, "after quitting")
        scene.expectNoLeak(of: [
            Self.seededPAT, Self.typedPAT, Self.refusedPAT, Self.leftHalf, Self.rightHalf,
        ])
        #expect(session.seen.allSatisfy { Self.leaked([Self.typedPAT, Self.refusedPAT], in: $0).isEmpty })
    }

    /// AZURE_DEVOPS_EXT_PAT from the parent: in the environment as given and used for checks,
    /// never on the screen; a token typed meanwhile stays out of the environment.
    @Test func aPATVariableComesOnlyFromTheParentAndNeverShows() throws {
        let scene = try Scene(tokens: [Self.environmentPAT: "Env User"])
        try scene.seed("contoso", token: Self.seededPAT)
        let session = try scene.start(environment: ["AZURE_DEVOPS_EXT_PAT": Self.environmentPAT])
        defer { session.close() }
        try session.waitFor("AZURE_DEVOPS_EXT_PAT is set")
        let program = try session.process(named: "ado-accounts")
        try session.send("a", "Tab")
        try session.waitFor("Log in")
        try session.type(Self.secondTypedPAT)
        try session.waitFor { Self.isMasked(Self.tokenField($0), length: Self.secondTypedPAT.count) }
        try scene.capture(session, "typed")
        Self.expectProcessHygiene(
            program, scene: scene, typed: [Self.secondTypedPAT], variable: Self.environmentPAT)
        try session.send("Escape")
        try session.waitFor("Nothing was stored.")
        try session.send("v")
        try session.waitFor("valid, signed in as Env User")
        try scene.capture(session, "verified with the variable")
        try session.send("q")
        #expect(try session.waitForExit() == 0)
        scene.expectNoLeak(of: [Self.environmentPAT, Self.secondTypedPAT, Self.seededPAT])
    }
}
