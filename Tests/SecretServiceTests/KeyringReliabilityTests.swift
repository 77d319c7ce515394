import Foundation
import TestSupport
import Testing

/// The reliability guarantees with the Secret Service as the store, on a real gnome-keyring of
/// the test's own: concurrent logins and logouts lose nothing, a writer killed at random moments
/// never leaves an organization without its token, and no command shows a token.
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

    /// `login` replacing a token in the keyring, killed at seeded random moments: the
    /// organization always has a token, one that was written (an extra item is possible between
    /// storing and cleaning up; the next login removes it), and organization_list is intact.
    @Test func aKeyringWriterKilledAtRandomMomentsNeverLeavesNoToken() throws {
        let keyring = try PrivateKeyring()
        let key = "azdevops-cli:https://dev.azure.com/contoso"
        // A full login's duration sets the window the kills fall in: the second one's, as the
        // first also creates the keyring's login collection, which made the window so wide that
        // on a busy machine most kills came after the writer had finished.
        let clock = ContinuousClock()
        var duration = Duration.zero
        for _ in 0..<2 {
            let started = clock.now
            #expect(
                try keyring.ado(
                    ["login", "--org", "contoso", "--skip-verify"], input: "v0\n",
                    environment: Self.keyringOnly
                ).status == 0)
            duration = clock.now - started
        }
        let window = Int(
            Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12)
        var random = SplitMix64(seed: 0x4B45_5952)
        var written: Set<String> = ["v0"]
        var landed = 0
        for step in 1...10 {
            let next = "v\(step)"
            written.insert(next)
            let child = try ChildProcess(
                [adoAccountsBinary, "login", "--org", "contoso", "--skip-verify"],
                environment: keyring.environment.merging(Self.keyringOnly) { $1 },
                standardInput: Array((next + "\n").utf8))
            usleep(useconds_t(Int.random(in: 0...max(1, window * 11 / 10), using: &random)))
            child.kill(SIGKILL)
            if child.wait().signal == SIGKILL { landed += 1 }
            let secrets = try tokensByKey(keyring)[key] ?? []
            #expect(!secrets.isEmpty, "step \(step): the organization lost its token")
            #expect(Set(secrets).isSubset(of: written), "step \(step): \(secrets)")
            #expect(FileSnapshot.text(keyring.indexFile) == key + "\n", "step \(step)")
            let now = try keyring.ado(["token", "--org", "contoso"], environment: Self.keyringOnly)
                .standardOutput
            #expect(secrets.contains(String(now.dropLast())), "step \(step): \(now)")
        }
        #expect(landed >= 3, "only \(landed) kills landed")
        #expect(
            try keyring.ado(
                ["login", "--org", "contoso", "--skip-verify"], input: "final\n",
                environment: Self.keyringOnly
            ).status == 0)
        #expect(try tokensByKey(keyring)[key] == ["final"], "a completed login leaves exactly one item")
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
