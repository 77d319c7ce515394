import Foundation
import TestSupport
import Testing

/// A file far larger than any real one (a sparse terabyte costs nothing to make) is refused
/// before anything is allocated for it: one line and exit 5, not an abort with a trace.
@Suite struct OversizedFileTests {
    let cli: CLI

    init() async throws {
        cli = try await CLI.withExistingAccounts()
    }

    /// Makes `path` a sparse file of a terabyte (64 GiB where the file system allows no more):
    /// far beyond what the process could allocate, so reading it whole aborts.
    static func makeHuge(_ path: String) throws {
        if FileManager.default.fileExists(atPath: path) {
            guard truncate(path, 0) == 0 else { throw TestSupportError("cannot truncate \(path)") }
        } else {
            try FileSnapshot.write("", to: path)
        }
        guard truncate(path, 1 << 40) == 0 || truncate(path, 1 << 36) == 0 else {
            throw TestSupportError("cannot make \(path) sparse and huge: \(String(cString: strerror(errno)))")
        }
    }

    /// The state files except the huge one, which must never be read whole (not even here).
    func otherFiles(than name: String) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for other in ["config", "organization_list", "personalAccessTokens", "ado-accounts.state"]
        where other != name {
            files[other] = FileSnapshot.bytes(cli.configDirectory + "/" + other)
        }
        return files
    }

    @Test(arguments: ["config", "organization_list", "personalAccessTokens"])
    func aHugeFileIsOneLineAndStatusFive(name: String) async throws {
        let path = cli.configDirectory + "/" + name
        try Self.makeHuge(path)
        let before = otherFiles(than: name)
        var commands = [
            ["list"], ["list", "--json"], ["status"], ["use", "other"],
            ["login", "--org", "new", "--skip-verify"], ["logout", "--all"],
        ]
        // `token` reads the config (for the default organization) and the token file only.
        if name != "organization_list" { commands.append(["token"]) }
        if name == "personalAccessTokens" { commands.append(["token", "--org", "existing"]) }
        for arguments in commands {
            let result = try await cli.run(arguments, input: Array("new-token\n".utf8))
            #expect(result.status == 5, "\(arguments): \(result.output)")
            #expect(
                result.errorLines == ["ado-accounts: \(path) is larger than 16 MiB; refusing to read it."],
                "\(arguments)")
            #expect(otherFiles(than: name) == before, "\(arguments)")
        }
        var status = stat()
        #expect(lstat(path, &status) == 0 && status.st_size >= 1 << 36, "the huge file is left alone")
    }

    /// doctor is where people look when something is wrong: it lists the file as a finding
    /// (exit 1, like any finding left) instead of stopping with the same line as every command.
    @Test(arguments: ["config", "organization_list", "personalAccessTokens"])
    func doctorListsAHugeFile(name: String) async throws {
        let path = cli.configDirectory + "/" + name
        try Self.makeHuge(path)
        let before = otherFiles(than: name)
        let result = try await cli.run(["doctor"], input: nil)
        #expect(result.status == 1, "\(result.output)")
        #expect(
            result.output.contains("\(path) is larger than 16 MiB; refusing to read it."), "\(result.output)")
        let json = try await cli.run(["doctor", "--json"], input: nil)
        #expect(json.status == 1 && json.standardOutput.contains("\"unreadableFile\""), "\(json.output)")
        #expect(otherFiles(than: name) == before)
    }

    /// azureProfile.json is az's: a broken one means "signed out" with a warning, as before, and
    /// the warning now says why instead of the process aborting.
    @Test func aHugeAzureProfileIsAWarningNotACrash() async throws {
        let profile = cli.root.appending("home/.azure/azureProfile.json")
        try Self.makeHuge(profile)
        let result = try await cli.run(["status"], input: nil)
        #expect(result.signal == nil, "\(result.output)")
        #expect(result.status == 0, "\(result.output)")
        #expect(
            result.errorLines.contains(
                "ado-accounts: warning: \(profile) is larger than 16 MiB; refusing to read it; treating the Azure CLI as signed out."
            ), "\(result.standardError)")
    }
}
