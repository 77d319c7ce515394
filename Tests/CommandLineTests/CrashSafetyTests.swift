import Foundation
import TestSupport
import Testing

/// Writers killed with SIGKILL at random moments (seeded, so every run kills at the same
/// offsets): each file is always the old or the new version, private, readable by us and by
/// az's configparser, and the next run (even one that only reads) removes what the killed one
/// left behind.
///
/// The new version of each file comes from running the same command to completion on a copy of
/// the directory; the killed run must leave, file by file, either that or what was there before.
@Suite struct CrashSafetyTests {
    static let kills = 50
    static let seed: UInt64 = 0xAD0_5EED

    /// The writes a person makes, in turn: tokens, the default credential, removals, defaults.
    static func command(_ step: Int, _ random: inout SplitMix64) -> (arguments: [String], input: String) {
        let organization = "https://dev.azure.com/org\(Int.random(in: 0..<12, using: &random))"
        let token = "v\(step)-" + String(repeating: "abcdefghij", count: 5)
        switch step % 6 {
        case 0, 1: return (["login", "--org", organization, "--skip-verify"], token + "\n")
        case 2: return (["login"], token + "\n")
        case 3: return (["logout", "--org", organization], "")
        case 4: return (["configure", "--defaults", "project=P\(step) 100%"], "")
        default: return (["use", organization], "")
        }
    }

    @Test func aWriterKilledAtRandomMomentsLeavesOldOrNewFilesOnly() throws {
        let cli = try CLI()
        for index in 0..<12 {
            try cli.run(
                "login", "--org", "https://dev.azure.com/org\(index)", "--skip-verify",
                input: "seed-\(index)-\(String(repeating: "x", count: 52))\n")
        }
        var random = SplitMix64(seed: Self.seed)
        var landed = 0
        var straysSeen = 0
        for step in 0..<Self.kills {
            let (arguments, input) = Self.command(step, &random)
            let before = FaultInjection.stateFiles(cli.configDirectory)

            // The new version: the same command, to completion, on a copy.
            let reference = try TemporaryDirectory("crash-reference")
            let copy = reference.appending("copy")
            #expect(
                try ChildProcess.run(["cp", "-a", cli.configDirectory, copy], environment: cli.environment)
                    .status == 0)
            let clock = ContinuousClock()
            let started = clock.now
            try cli.run(
                arguments, input: Array(input.utf8), environment: ["AZURE_DEVOPS_EXT_CONFIG_DIR": copy])
            let duration = clock.now - started
            let after = FaultInjection.stateFiles(copy)

            // The killed run, somewhere between its start and a little after it would have ended.
            let child = try cli.start(arguments, input: input)
            let window = Int(
                Double(duration.components.attoseconds) / 1e12 + Double(duration.components.seconds) * 1e6)
            usleep(useconds_t(Int.random(in: 0...max(1, window * 11 / 10), using: &random)))
            child.kill(SIGKILL)
            if child.wait().signal == SIGKILL { landed += 1 }

            let found = FaultInjection.stateFiles(cli.configDirectory)
            for name in Set(before.keys).union(after.keys).union(found.keys) {
                #expect(
                    found[name] == before[name] || found[name] == after[name],
                    "step \(step) \(arguments): \(name) is neither version")
                if found[name] != nil {
                    #expect(
                        FileSnapshot.mode(cli.configDirectory + "/" + name) == 0o600, "step \(step): \(name)")
                }
            }
            if let problem = try configparserProblem(cli.configDirectory) {
                Issue.record("step \(step): \(problem)")
            }
            let strays = FaultInjection.strayTemporaryFiles(in: cli.configDirectory)
            straysSeen += strays.count
            // The next run cleans up, even one that only reads.
            #expect(try cli.run("list").status == 0, "step \(step): the files read back")
            #expect(FaultInjection.strayTemporaryFiles(in: cli.configDirectory).isEmpty, "step \(step)")
        }
        // Enough kills landed before the process ended for the test to mean something.
        #expect(
            landed >= Self.kills / 2,
            "only \(landed) of \(Self.kills) kills landed; \(straysSeen) stray files seen")
    }

    /// az reads `config` with configparser (interpolation on) and the token file without it.
    func configparserProblem(_ directory: String) throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else { return nil }
        let script = """
            import configparser, os, sys
            d = sys.argv[1]
            c = configparser.ConfigParser()
            c.read(os.path.join(d, "config"))
            [c.get(s, o) for s in c.sections() for o in c.options(s)]
            t = configparser.ConfigParser(interpolation=None)
            t.read(os.path.join(d, "personalAccessTokens"))
            [t.get(s, "personal access token") for s in t.sections()]
            """
        let result = try ChildProcess.run(
            ["/usr/bin/python3", "-c", script, directory], environment: ["PATH": inheritedPath])
        return result.status == 0 ? nil : "configparser cannot read the files: \(result.standardError)"
    }
}
