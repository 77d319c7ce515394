import CredentialCore
import Foundation

/// Repositories made by the real git, in a private home with its own system and global
/// configuration files.
public final class GitFixture: @unchecked Sendable {
    public let root: TemporaryDirectory
    public var environment: [String: String]

    public var home: String { root.appending("home") }
    public var systemConfig: String { root.appending("system-gitconfig") }
    public var globalConfig: String { home + "/.gitconfig" }

    public init() throws {
        root = try TemporaryDirectory("git-fixture")
        try FileManager.default.createDirectory(
            atPath: root.appending("home"), withIntermediateDirectories: true)
        environment = [
            "PATH": inheritedPath, "HOME": root.appending("home"), "LANG": "C.UTF-8",
            "GIT_CONFIG_SYSTEM": root.appending("system-gitconfig"),
            "AZURE_DEVOPS_EXT_CONFIG_DIR": root.appending("azuredevops"),
        ]
    }

    public var core: CredentialCore.Environment { CredentialCore.Environment(environment) }

    /// A new repository (`git init`) at `path` under the fixture, with these remotes.
    @discardableResult
    public func repository(_ path: String, remotes: [(String, String)] = []) throws -> String {
        let directory = root.appending(path)
        try git(["init", "-q", directory])
        for (name, url) in remotes { try git(["-C", directory, "remote", "add", name, url]) }
        return directory
    }

    @discardableResult
    public func git(_ arguments: [String]) throws -> String {
        let result = try ChildProcess.run(["git"] + arguments, environment: environment)
        guard result.status == 0 else {
            throw TestSupportError("git \(arguments.joined(separator: " ")): \(result.output)")
        }
        return result.standardOutput
    }

    public func write(_ text: String, to path: String) throws {
        try FileSnapshot.write(text, to: path, mode: 0o644)
    }
}
