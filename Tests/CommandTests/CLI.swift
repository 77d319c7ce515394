import ADOAccountsCLI
import CredentialCore
import Foundation
import Synchronization
import TestSupport

/// The commands run in-process, as the binary runs them (`ADOAccountsProgram.run`), on buffers
/// instead of descriptors and with an environment of their own: a throw-away home and config
/// directory, on the file store. The same interface as CommandLineTests' CLI, so a test moves
/// between the two by moving its file (and awaiting the runs).
final class CLI: @unchecked Sendable {
    let root: TemporaryDirectory
    var environment: [String: String]

    var configDirectory: String { root.appending("home/.azure/azuredevops") }
    var tokenFile: String { configDirectory + "/personalAccessTokens" }
    var configFile: String { configDirectory + "/config" }
    var indexFile: String { configDirectory + "/organization_list" }

    init(_ extra: [String: String] = [:]) throws {
        root = try TemporaryDirectory("ado-cmd")
        mkdir(root.appending("home"), 0o700)
        environment = [
            "PATH": inheritedPath, "HOME": root.appending("home"), "LANG": "C.UTF-8",
            "ADO_ACCOUNTS_STORE": "file",
            // Records carry times: fixed, so that runs compare byte for byte.
            "ADO_ACCOUNTS_NOW": "2026-12-06T22:00:00Z",
        ]
        environment.merge(extra) { $1 }
    }

    /// An organization with a token of its own (https://dev.azure.com/Existing, which becomes the
    /// default organization as typed), the default credential, and the default project Kept.
    static func withExistingAccounts() async throws -> CLI {
        let cli = try CLI()
        let steps: [([String], String?)] = [
            (["login", "--org", "https://dev.azure.com/Existing", "--skip-verify"], "existing-token\n"),
            (["login"], "default-token\n"),
            (["configure", "--defaults", "project=Kept"], nil),
        ]
        for (arguments, input) in steps {
            let result = try await cli.run(arguments, input: input.map { Array($0.utf8) })
            guard result.status == 0 else {
                throw TestSupportError("set-up \(arguments) failed with \(result.status): \(result.output)")
            }
        }
        return cli
    }

    @discardableResult
    func run(_ arguments: String..., input: String? = nil) async throws -> CommandResult {
        try await run(arguments, input: input.map { Array($0.utf8) })
    }

    @discardableResult
    func run(
        _ arguments: [String], input: [UInt8]?, environment extra: [String: String] = [:],
        fastPath: Bool = true, inputIsTerminal: Bool = false, errorIsTerminal: Bool = false,
        output: Buffer = Buffer()
    ) async throws -> CommandResult {
        let error = Buffer()
        let context = CommandContext(
            environment: Environment(environment.merging(extra) { $1 }),
            standardOutput: TextStream(output.append), standardError: TextStream(error.append),
            standardInput: .bytes(input ?? []), inputIsTerminal: inputIsTerminal,
            errorIsTerminal: errorIsTerminal)
        let status = await ADOAccountsProgram.run(arguments, context: context, fastPath: fastPath)
        return CommandResult(
            status: status.rawValue, standardOutputBytes: output.bytes, errorBytes: error.bytes)
    }

    var files: [String: [UInt8]] { FileSnapshot.tree(configDirectory) }
}

/// What a command wrote and its exit status, as ChildProcess.Result has them.
struct CommandResult: Sendable {
    let status: Int32
    let standardOutputBytes: [UInt8]
    let errorBytes: [UInt8]

    var standardOutput: String { String(decoding: standardOutputBytes, as: UTF8.self) }
    var standardError: String { String(decoding: errorBytes, as: UTF8.self) }
    var output: String { standardOutput + standardError }
    /// Never a signal in-process; here so that moved tests read the same.
    var signal: Int32? { nil }

    /// Standard error split into lines, without the empty ones.
    var errorLines: [String] {
        standardError.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter {
            !$0.isEmpty
        }
    }
}

/// A stream's bytes, appended from whichever thread the command writes on.
final class Buffer: Sendable {
    private let storage = Mutex<[UInt8]>([])

    @Sendable func append(_ bytes: [UInt8]) -> Bool {
        storage.withLock { $0 += bytes }
        return true
    }

    var bytes: [UInt8] { storage.withLock { $0 } }
}

/// python3, for az's own key computation.
let pythonPath: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}
