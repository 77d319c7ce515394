import Foundation
import TestSupport
import Testing

/// Writers killed with SIGKILL in the middle of a change: each file is always the old or the new
/// version, private, readable by us and by az's configparser, and the next run removes what the
/// killed one left behind.
///
/// Each change is killed at every step it goes through (the debug binary's crash points, learned
/// from a trace of the change run to completion), every occurrence in turn, each time from the
/// same starting files: deterministic, and whatever the machine's load. The run to completion
/// also gives the new version of each file. One smoke test still kills at random moments.
@Suite struct CrashSafetyTests {
    /// A change a person makes.
    struct Change: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        var input: String?
        /// Starts from no config directory at all instead of `seeded()`'s accounts.
        var fromNothing = false

        var testDescription: String {
            arguments.joined(separator: " ") + (fromNothing ? " (first run)" : "")
        }
    }

    static func organization(_ number: Int) -> String { "https://dev.azure.com/org\(number)" }
    static let token = String(repeating: "abcdefghij", count: 5)

    static let changes: [Change] = [
        // A new organization: the token file and the index.
        Change(arguments: ["login", "--org", organization(9), "--skip-verify"], input: "new-\(token)\n"),
        // A replaced token: the token file alone.
        Change(arguments: ["login", "--org", organization(1), "--skip-verify"], input: "v2-\(token)\n"),
        Change(arguments: ["login"], input: "default-v2-\(token)\n"),
        // The default organization: the token file, the index, config and the previous default.
        Change(arguments: ["logout", "--org", organization(0)]),
        Change(arguments: ["logout", "--all"]),
        Change(arguments: ["configure", "--defaults", "project=P2 100%"]),
        Change(arguments: ["use", organization(2)]),
        Change(arguments: ["use", "-"]),
        // The first login: the directory and every file are created.
        Change(
            arguments: ["login", "--org", organization(0), "--skip-verify"], input: "first-\(token)\n",
            fromNothing: true),
    ]

    /// Four organizations (org0 the default), the default credential, a default project, and a
    /// previous default organization (org1) for `use -`.
    static func seeded() throws -> CLI {
        let cli = try CLI()
        var steps: [([String], String?)] = (0..<4).map {
            (["login", "--org", organization($0), "--skip-verify"], "seed-\($0)-\(token)\n")
        }
        steps += [
            (["login"], "default-\(token)\n"), (["configure", "--defaults", "project=P1"], nil),
            (["use", organization(1)], nil), (["use", organization(0)], nil),
        ]
        for (arguments, input) in steps {
            let result = try cli.run(arguments, input: input.map { Array($0.utf8) })
            guard result.status == 0 else {
                throw TestSupportError("set-up \(arguments) failed with \(result.status): \(result.output)")
            }
        }
        return cli
    }

    @Test(arguments: changes)
    func aChangeKilledAtEachOfItsStepsLeavesOldOrNewFilesOnly(change: Change) throws {
        let cli = change.fromNothing ? try CLI() : try Self.seeded()
        let before = FaultInjection.stateFiles(cli.configDirectory)
        let input = change.input.map { Array($0.utf8) }
        let scratch = try TemporaryDirectory("crash-steps")

        // The steps, and the new version of each file: the change, to completion, on a copy.
        let reference = scratch.appending("reference")
        try Self.restore(before, into: reference)
        let trace = scratch.appending("trace")
        let completed = try cli.run(
            change.arguments, input: input,
            environment: CrashStep.tracing(to: trace).merging(["AZURE_DEVOPS_EXT_CONFIG_DIR": reference]) {
                $1
            })
        try #require(completed.status == 0, "the change itself fails: \(completed.output)")
        let after = FaultInjection.stateFiles(reference)
        let steps = CrashStep.steps(inTrace: trace)
        try #require(!steps.isEmpty, "the change reached no crash point: is this a debug build?")

        for (index, step) in steps.enumerated() {
            let directory = scratch.appending("killed-\(index)")
            try Self.restore(before, into: directory)
            let killed = try cli.run(
                change.arguments, input: input,
                environment: step.environment.merging(["AZURE_DEVOPS_EXT_CONFIG_DIR": directory]) { $1 })
            #expect(killed.signal == SIGKILL, "\(step) was not reached again: \(killed.output)")
            try Self.expectOldOrNewFiles(
                in: directory, before: before, after: after, cli: cli, "\(change.testDescription) at \(step)")
        }
    }

    /// The smoke test: the same kinds of change killed at seeded random moments, one after another
    /// on the same files, until enough kills have come before the change ended (or the iteration
    /// or time cap is reached: how many land depends on the machine, so only the invariants are
    /// checked, never the count).
    @Test func aWriterKilledAtRandomMomentsLeavesOldOrNewFilesOnly() throws {
        let cli = try Self.seeded()
        var random = SplitMix64(seed: 0xAD0_5EED)
        let clock = ContinuousClock()
        let started = clock.now
        var landed = 0
        var iteration = 0
        while landed < 12, iteration < 80, clock.now - started < .seconds(180) {
            iteration += 1
            let change = Self.changes.filter { !$0.fromNothing }.randomElement(using: &random)!
            let input = change.input.map { Array($0.utf8) }
            let before = FaultInjection.stateFiles(cli.configDirectory)

            // The new version: the same change, to completion, on a copy.
            let reference = try TemporaryDirectory("crash-reference")
            try Self.restore(before, into: reference.path)
            let began = clock.now
            try cli.run(
                change.arguments, input: input, environment: ["AZURE_DEVOPS_EXT_CONFIG_DIR": reference.path])
            let duration = clock.now - began
            let after = FaultInjection.stateFiles(reference.path)

            // The killed run, somewhere between its start and a little after it would have ended.
            let child = try ChildProcess(
                [adoAccountsBinary] + change.arguments, environment: cli.environment, standardInput: input)
            let window =
                duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
            usleep(useconds_t(Int64.random(in: 0...max(1, window * 11 / 10), using: &random)))
            child.kill(SIGKILL)
            if child.wait().signal == SIGKILL { landed += 1 }
            try Self.expectOldOrNewFiles(
                in: cli.configDirectory, before: before, after: after, cli: cli,
                "iteration \(iteration) (\(change.testDescription))")
        }
    }

    // MARK: - What a killed change may leave

    /// Each file as it was or as the completed change left it, 0600 in a 0700 directory,
    /// readable by `list` and by az's configparser; and the next change that takes the lock
    /// removes the temporary files the killed one left.
    static func expectOldOrNewFiles(
        in directory: String, before: [String: [UInt8]], after: [String: [UInt8]], cli: CLI,
        _ context: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let found = FaultInjection.stateFiles(directory)
        for name in Set(before.keys).union(after.keys).union(found.keys).sorted() {
            #expect(
                found[name] == before[name] || found[name] == after[name],
                "\(context): \(name) is neither version", sourceLocation: sourceLocation)
            if found[name] != nil {
                #expect(
                    FileSnapshot.mode(directory + "/" + name) == 0o600, "\(context): \(name)",
                    sourceLocation: sourceLocation)
            }
        }
        if FileManager.default.fileExists(atPath: directory) {
            #expect(
                FileSnapshot.mode(directory) == 0o700, "\(context): the directory",
                sourceLocation: sourceLocation)
        }
        let here = ["AZURE_DEVOPS_EXT_CONFIG_DIR": directory]
        let list = try cli.run(["list"], input: nil, environment: here)
        #expect(
            list.status == 0, "\(context): the files read back: \(list.output)",
            sourceLocation: sourceLocation)
        if let problem = try configparserProblem(directory) {
            Issue.record("\(context): \(problem)", sourceLocation: sourceLocation)
        }
        // Any run cleans up after a killed writer, even one that only reads (the list above).
        #expect(
            FaultInjection.strayTemporaryFiles(in: directory).isEmpty, "\(context): stray files stay",
            sourceLocation: sourceLocation)
    }

    /// Puts `files` (as `FaultInjection.stateFiles` returns them) into a new 0700 directory, 0600
    /// each; nothing at all when there are none, as before a first run.
    static func restore(_ files: [String: [UInt8]], into directory: String) throws {
        guard !files.isEmpty else { return }
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for (name, bytes) in files {
            let path = directory + "/" + name
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
                throw TestSupportError("cannot write \(path)")
            }
            chmod(path, 0o600)
        }
    }

    /// az reads `config` with configparser (interpolation on) and the token file without it.
    static func configparserProblem(_ directory: String) throws -> String? {
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
