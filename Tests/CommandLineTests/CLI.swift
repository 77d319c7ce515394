import Foundation
import TestSupport

/// The built `ado-accounts` in a throw-away home and config directory, on the file store.
final class CLI: @unchecked Sendable {
    let root: TemporaryDirectory
    var environment: [String: String]

    var configDirectory: String { root.appending("home/.azure/azuredevops") }
    var tokenFile: String { configDirectory + "/personalAccessTokens" }
    var configFile: String { configDirectory + "/config" }
    var indexFile: String { configDirectory + "/organization_list" }

    init(_ extra: [String: String] = [:]) throws {
        root = try TemporaryDirectory("ado-cli")
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
    /// default organization as typed), the default credential, and the default project Kept: the
    /// state that the bad-input and file-system tests try to damage. A step that fails throws.
    static func withExistingAccounts() throws -> CLI {
        let cli = try CLI()
        let steps: [([String], String?)] = [
            (["login", "--org", "https://dev.azure.com/Existing", "--skip-verify"], "existing-token\n"),
            (["login"], "default-token\n"),
            (["configure", "--defaults", "project=Kept"], nil),
        ]
        for (arguments, input) in steps {
            let result = try cli.run(arguments, input: input.map { Array($0.utf8) })
            guard result.status == 0 else {
                throw TestSupportError("set-up \(arguments) failed with \(result.status): \(result.output)")
            }
        }
        return cli
    }

    @discardableResult
    func run(_ arguments: String..., input: String? = nil) throws -> ChildProcess.Result {
        try run(arguments, input: input.map { Array($0.utf8) })
    }

    @discardableResult
    func run(
        _ arguments: [String], input: [UInt8]?, environment extra: [String: String] = [:],
        directory: String? = nil
    ) throws -> ChildProcess.Result {
        try ChildProcess.run(
            [adoAccountsBinary] + arguments, environment: environment.merging(extra) { $1 },
            standardInput: input, directory: directory)
    }

    func start(_ arguments: [String], input: String?) throws -> ChildProcess {
        try ChildProcess(
            [adoAccountsBinary] + arguments, environment: environment,
            standardInput: input.map { Array($0.utf8) })
    }

    var files: [String: [UInt8]] { FileSnapshot.tree(configDirectory) }
}

extension ChildProcess.Result {
    /// Standard error split into lines, without the trailing empty one.
    var errorLines: [String] {
        standardError.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter {
            !$0.isEmpty
        }
    }
}
