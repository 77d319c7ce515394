import Foundation
import TestSupport
import Testing

/// The reliability guarantees with the Secret Service as the store, on a real gnome-keyring of
/// the test's own: concurrent logins and logouts lose nothing, a writer killed at any step (or at
/// random moments) never leaves an organization without its token, and no command shows a token.
@Suite(.enabled(if: KeyringTests.componentsAvailable))
struct KeyringReliabilityTests {
    static let workers = 8
    static let rounds = 5
    static let keyringOnly = ["ADO_ACCOUNTS_STORE": "keyring"]

    /// Items of az's username, by service, with their secrets.
    func tokensByKey(_ keyring: PrivateKeyring) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for item in try keyring.items() {
            guard let attributes = item["attributes"] as? [String: String],
                attributes["username"] == "Personal Access Token",
                let service = attributes["service"], let secret = item["secret"] as? String
            else { continue }
            result[service, default: []].append(secret)
        }
        return result
    }

    /// As LoginLogoutStormTests, on the keyring: 8 processes × 5 rounds of login, logout of the
    /// previous round's organization, and list. `Tests/Stress/stress.py` runs 32 × 10.
    @Test func concurrentLoginsAndLogoutsEndInExactlyTheExpectedItems() throws {
        let keyring = try PrivateKeyring()
        @Sendable func organization(_ worker: Int, _ round: Int) -> String {
            "https://dev.azure.com/w\(worker)r\(round)"
        }
        @Sendable func token(_ worker: Int, _ round: Int) -> String {
            "kr-w\(worker)-r\(round)-" + String(repeating: "k", count: 40)
        }
        let failures = SharedLog()
        let done = DispatchGroup()
        for worker in 0..<Self.workers {
            done.enter()
            Thread {
                defer { done.leave() }
                func step(_ arguments: [String], _ input: String?) {
                    do {
                        let result = try keyring.ado(arguments, input: input, environment: Self.keyringOnly)
                        if result.status != 0 {
                            failures.append("\(arguments) → \(result.status): \(result.standardError)")
                        }
                    } catch {
                        failures.append("\(arguments): \(error)")
                    }
                }
                for round in 0..<Self.rounds {
                    step(
                        ["login", "--org", organization(worker, round), "--skip-verify"],
                        token(worker, round) + "\n")
                    if round > 0 { step(["logout", "--org", organization(worker, round - 1)], nil) }
                    step(["list", "--json"], nil)
                }
            }.start()
        }
        done.wait()
        #expect(failures.all.isEmpty, "\(failures.all)")

        let expected = Dictionary(
            uniqueKeysWithValues: (0..<Self.workers).map {
                ("azdevops-cli:" + organization($0, Self.rounds - 1), [token($0, Self.rounds - 1)])
            })
        #expect(
            try tokensByKey(keyring) == expected,
            "exactly one item per remaining organization, with its token")
        let index = (FileSnapshot.text(keyring.indexFile) ?? "").split(separator: "\n").map(String.init)
        #expect(
            Set(index) == Set(expected.keys) && index.count == expected.count,
            "organization_list agrees with the keyring")
        let list = try keyring.ado("list", "--json")
        let json = try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [String: Any]
        let accounts = (json?["accounts"] as? [[String: Any]]) ?? []
        let withToken = Set(
            accounts.filter { $0["hasToken"] as? Bool == true }.compactMap { $0["key"] as? String })
        #expect(withToken == Set(expected.keys))
        let fileTokens = (FileSnapshot.text(keyring.tokenFile) ?? "").contains("personal access token")
        #expect(!fileTokens, "nothing fell back to the file")
    }

    static let contoso = "azdevops-cli:https://dev.azure.com/contoso"

    /// After a login replacing contoso's token was killed: the organization has a token, one that
    /// was written (an extra item is possible between storing and cleaning up; the next login
    /// removes it), `token` reads one of them, and organization_list is intact.
    func expectATokenWritten(_ keyring: PrivateKeyring, _ written: Set<String>, _ context: String) throws {
        let secrets = try tokensByKey(keyring)[Self.contoso] ?? []
        #expect(!secrets.isEmpty, "\(context): the organization lost its token")
        #expect(Set(secrets).isSubset(of: written), "\(context): \(secrets)")
        #expect(FileSnapshot.text(keyring.indexFile) == Self.contoso + "\n", "\(context)")
        let now = try keyring.ado(["token", "--org", "contoso"], environment: Self.keyringOnly).standardOutput
        #expect(secrets.contains(String(now.dropLast())), "\(context): \(now)")
    }

    func login(_ keyring: PrivateKeyring, _ token: String, _ extra: [String: String] = [:]) throws
        -> ChildProcess.Result
    {
        try keyring.ado(
            ["login", "--org", "contoso", "--skip-verify"], input: token + "\n",
            environment: Self.keyringOnly.merging(extra) { $1 })
    }

    /// `login` replacing a token in the keyring, killed at each step it goes through (learned
    /// from a trace), one after the other: the organization never goes without its token.
    @Test func aKeyringLoginKilledAtEachStepNeverLeavesNoToken() throws {
        let keyring = try PrivateKeyring()
        // The first login also creates the keyring's login collection; the second replaces.
        #expect(try login(keyring, "v0").status == 0)
        let trace = keyring.root.appending("trace")
        #expect(try login(keyring, "v1", CrashStep.tracing(to: trace)).status == 0)
        let steps = CrashStep.steps(inTrace: trace)
        #expect(steps.map(\.name).contains("keyring.new-item-stored"), "\(steps)")
        var written: Set<String> = ["v0", "v1"]
        for (index, step) in steps.enumerated() {
            let next = "v\(index + 2)"
            written.insert(next)
            let killed = try login(keyring, next, step.environment)
            #expect(killed.signal == SIGKILL, "\(step) was not reached again: \(killed.output)")
            try expectATokenWritten(keyring, written, "killed at \(step)")
        }
        #expect(try login(keyring, "final").status == 0)
        #expect(
            try tokensByKey(keyring)[Self.contoso] == ["final"], "a completed login leaves exactly one item")
    }

    /// The smoke test: the same login killed at seeded random moments until a few kills have come
    /// before it ended (or the iteration or time cap is reached: how many land depends on the
    /// machine, so only the invariants are checked, never the count).
    @Test func aKeyringWriterKilledAtRandomMomentsNeverLeavesNoToken() throws {
        let keyring = try PrivateKeyring()
        // A full login's duration sets the window the kills fall in: the second one's, as the
        // first also creates the keyring's login collection.
        let clock = ContinuousClock()
        var duration = Duration.zero
        for _ in 0..<2 {
            let started = clock.now
            #expect(try login(keyring, "v0").status == 0)
            duration = clock.now - started
        }
        let window =
            duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        var random = SplitMix64(seed: 0x4B45_5952)
        var written: Set<String> = ["v0"]
        var landed = 0
        var iteration = 0
        let started = clock.now
        while landed < 5, iteration < 30, clock.now - started < .seconds(120) {
            iteration += 1
            let next = "v\(iteration)"
            written.insert(next)
            let child = try ChildProcess(
                [adoAccountsBinary, "login", "--org", "contoso", "--skip-verify"],
                environment: keyring.environment.merging(Self.keyringOnly) { $1 },
                standardInput: Array((next + "\n").utf8))
            usleep(useconds_t(Int64.random(in: 0...max(1, window * 11 / 10), using: &random)))
            child.kill(SIGKILL)
            if child.wait().signal == SIGKILL { landed += 1 }
            try expectATokenWritten(keyring, written, "iteration \(iteration)")
        }
        #expect(try login(keyring, "final").status == 0)
        #expect(
            try tokensByKey(keyring)[Self.contoso] == ["final"], "a completed login leaves exactly one item")
    }

    /// `migrate` both ways, killed at each step it goes through, each time from every token in
    /// the other store: every token stays readable, held by one store or both, and running the
    /// migration again completes it.
    @Test(arguments: ["keyring", "file"])
    func aMigrationKilledAtEachStepKeepsEveryToken(target: String) throws {
        let keyring = try PrivateKeyring()
        let source = target == "keyring" ? "file" : "keyring"
        let tokens = [
            "https://dev.azure.com/m1": "m1-" + String(repeating: "t", count: 40),
            "https://dev.azure.com/m2": "m2-" + String(repeating: "u", count: 40),
        ]
        let keyringOnly = Self.keyringOnly
        func seed() throws {
            _ = try keyring.ado(["logout", "--all"], environment: keyringOnly)
            for (organization, token) in tokens.sorted(by: { $0.key < $1.key }) {
                let result = try keyring.ado(
                    ["login", "--org", organization, "--skip-verify"], input: token + "\n",
                    environment: ["ADO_ACCOUNTS_STORE": source])
                guard result.status == 0 else { throw TestSupportError("seeding: \(result.output)") }
            }
        }
        /// Where each token is: "keyring", "file", or both.
        func holders() throws -> [String: Set<String>] {
            var found: [String: Set<String>] = [:]
            let items = try tokensByKey(keyring)
            let file = FileSnapshot.text(keyring.tokenFile) ?? ""
            for (organization, token) in tokens {
                if items["azdevops-cli:" + organization]?.contains(token) == true {
                    found[organization, default: []].insert("keyring")
                }
                if file.contains("personal access token = \(token)") {
                    found[organization, default: []].insert("file")
                }
            }
            return found
        }

        try seed()
        let trace = keyring.root.appending("trace-\(target)")
        let completed = try keyring.ado(
            ["migrate", "--to", target], environment: keyringOnly.merging(CrashStep.tracing(to: trace)) { $1 }
        )
        try #require(completed.status == 0, "\(completed.output)")
        let steps = CrashStep.steps(inTrace: trace)
        #expect(steps.map(\.name).contains("migrate.copied"), "\(steps)")
        for step in steps {
            try seed()
            let killed = try keyring.ado(
                ["migrate", "--to", target], environment: keyringOnly.merging(step.environment) { $1 })
            #expect(killed.signal == SIGKILL, "\(step) was not reached again: \(killed.output)")
            let held = try holders()
            for (organization, token) in tokens {
                #expect(
                    held[organization]?.isEmpty == false, "killed at \(step): \(organization) lost its token")
                let read = try keyring.ado(["token", "--org", organization], environment: keyringOnly)
                #expect(read.standardOutput == token + "\n", "killed at \(step): \(read.output)")
            }
            let again = try keyring.ado(["migrate", "--to", target], environment: keyringOnly)
            #expect(again.status == 0, "after a kill at \(step): \(again.output)")
            let moved = try holders()
            #expect(
                tokens.keys.allSatisfy { moved[$0] == [target] },
                "after a kill at \(step), the second run left \(moved)")
        }
    }

    static let secrets = ["Kr1keyringPATsecret77", "Kr2defaultPATsecret88", "Kr3envPATsecret99"]

    @Test func noCommandShowsATokenWithTheKeyring() throws {
        let keyring = try PrivateKeyring()
        let server = try TestHTTPServer(tokens: [Self.secrets[0]: "Jane Doe"])
        let contoso = server.organization(named: "contoso")
        let variable = ["AZURE_DEVOPS_EXT_PAT": Self.secrets[2]]
        var outputs: [(String, String)] = []
        func run(_ arguments: [String], _ input: String? = nil, _ extra: [String: String] = [:]) throws {
            let result = try keyring.ado(
                arguments, input: input, environment: Self.keyringOnly.merging(extra) { $1 })
            outputs.append((arguments.joined(separator: " "), result.output))
        }
        try run(["login", "--org", contoso], Self.secrets[0] + "\n")
        try run(["login"], Self.secrets[1] + "\n")
        try run(["login", "--org", server.organization(.unauthorized)], Self.secrets[1] + "\n")
        try run(["list"])
        try run(["list", "--json"], nil, variable)
        try run(["verify", "--all"])
        try run(["verify", "--all", "--json"], nil, variable)
        try run(["doctor"])
        try run(["doctor", "--json"])
        try run(["migrate", "--to", "file"])
        try run(["migrate", "--to", "keyring"])
        try run(["status"])
        let token = try keyring.ado(["token", "--org", contoso], environment: Self.keyringOnly)
        #expect(token.standardOutput == Self.secrets[0] + "\n")
        outputs.append(("token (stderr)", token.standardError))
        try run(["logout", "--all"])
        for (command, output) in outputs {
            for secret in Self.secrets {
                #expect(!output.contains(secret), "'\(command)' printed a token: \(output)")
            }
        }
        for (name, bytes) in FileSnapshot.tree(keyring.configDirectory) where name != "personalAccessTokens" {
            let text = String(decoding: bytes, as: UTF8.self)
            for secret in Self.secrets { #expect(!text.contains(secret), "\(name) holds a token") }
        }
    }
}
