import Foundation
import TestSupport
import Testing

/// Processes logging in and out at once against one config directory, on the file store. Each
/// worker logs in a new organization each round (every other one checked against the server)
/// and logs out the one before, and lists; in its last round it also stores the default
/// credential. The end state is known exactly: each worker's last organization, with its token,
/// indexed once, plus one of the default credentials. `Tests/Stress/stress.py` runs 32 × 10.
@Suite struct LoginLogoutStormTests {
    static let workers = 8
    static let rounds = 5

    @Test func concurrentLoginsAndLogoutsEndInExactlyTheExpectedState() throws {
        let cli = try CLI()
        let server = try TestHTTPServer()
        @Sendable func organization(_ worker: Int, _ round: Int) -> String {
            server.organization(named: "w\(worker)r\(round)")
        }
        @Sendable func token(_ worker: Int, _ round: Int) -> String {
            "pat-w\(worker)-r\(round)-" + String(repeating: "s", count: 40)
        }
        for worker in 0..<Self.workers {
            for round in 0..<Self.rounds {
                server.accept(token: token(worker, round), as: "Worker \(worker)")
            }
        }

        let failures = SharedLog()
        let done = DispatchGroup()
        for worker in 0..<Self.workers {
            done.enter()
            Thread {
                defer { done.leave() }
                func step(_ arguments: [String], _ input: String?, expect status: Int32 = 0) {
                    do {
                        let result = try cli.run(arguments, input: input.map { Array($0.utf8) })
                        if result.status != status {
                            failures.append("\(arguments) → \(result.status): \(result.standardError)")
                        }
                    } catch {
                        failures.append("\(arguments): \(error)")
                    }
                }
                for round in 0..<Self.rounds {
                    var login = ["login", "--org", organization(worker, round)]
                    if round % 2 == 1 { login.append("--skip-verify") }
                    step(login, token(worker, round) + "\n")
                    if round > 0 { step(["logout", "--org", organization(worker, round - 1)], nil) }
                    step(["list", "--json"], nil)
                }
                step(["login"], "default-w\(worker)\n")
            }.start()
        }
        done.wait()
        #expect(failures.all.isEmpty, "\(failures.all)")

        let last = (0..<Self.workers).map { organization($0, Self.rounds - 1) }
        let expectedKeys = Set(last.map { "azdevops-cli:" + $0 } + ["azdevops-cli: default"])
        let index = try #require(FileSnapshot.text(cli.indexFile)).split(separator: "\n").map(String.init)
        #expect(Set(index) == expectedKeys)
        #expect(index.count == expectedKeys.count, "each key is indexed once")

        let list = try cli.run("list", "--json")
        let json = try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [String: Any]
        let accounts = (json?["accounts"] as? [[String: Any]]) ?? []
        let withToken = Set(
            accounts.filter { $0["hasToken"] as? Bool == true }.compactMap { $0["key"] as? String })
        #expect(withToken == expectedKeys, "organization_list agrees with the store")
        for worker in 0..<Self.workers {
            let stored = try cli.run("token", "--org", organization(worker, Self.rounds - 1)).standardOutput
            #expect(stored == token(worker, Self.rounds - 1) + "\n", "worker \(worker)")
        }
        let fallback = try cli.run("token", "--org", "https://dev.azure.com/nobody").standardOutput
        #expect((0..<Self.workers).map { "default-w\($0)\n" }.contains(fallback))

        // The default organization is unset (its organization was logged out last) or one of the
        // organizations still stored.
        if let defaultOrganization = (json?["defaultOrganization"] as? [String: Any])?["value"] as? String {
            #expect(last.contains(defaultOrganization), "\(defaultOrganization)")
        }
        for name in ["personalAccessTokens", "organization_list", "config"]
        where FileSnapshot.mode(cli.configDirectory + "/" + name) != nil {
            #expect(FileSnapshot.mode(cli.configDirectory + "/" + name) == 0o600)
        }
        #expect(FaultInjection.strayTemporaryFiles(in: cli.configDirectory).isEmpty)
    }
}
