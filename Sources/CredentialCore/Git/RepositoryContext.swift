#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Azure DevOps repository of a directory, found as az devops finds it with `--detect`
/// (its default): the git remote az would pick (see `GitRemoteList`), and the organization az
/// would use for it.
///
/// az asks the service which organization a remote belongs to and caches the answer; every
/// remote az accepts names its organization in the URL, so the URL's organization is used
/// without a network call, unless az's own cache already holds an answer for that remote
/// (then that answer, as az would use it).
public struct RepositoryContext: Sendable, Equatable {
    /// The remote's name (`origin`) and its push URL as git reports it.
    public let remoteName: String
    public let remoteURL: String
    public let remote: AzureDevOpsRemote
    /// The organization az uses for this remote.
    public let organizationURL: String
    /// Whether `organizationURL` came from az's cache of the service's answer.
    public let fromAzureCache: Bool
    /// Why git itself was run to list the remotes, when it was.
    public let askedGit: String?

    /// The context of `directory` (the current directory when nil); nil when it is not in a
    /// git repository or no remote is one az recognises. Starts `git` only inside a repository
    /// whose remotes cannot be read exactly from its files.
    public static func detect(
        in directory: String? = nil, environment: Environment = .current,
        configDirectory: ConfigDirectory? = nil
    ) -> RepositoryContext? {
        guard let directory = directory ?? currentDirectory() else { return nil }
        var askedGit: String?
        let list: GitRemoteList
        switch GitRepository.discover(from: directory, environment: environment) {
        case .none, .gitWouldWait:
            return nil
        case .repository(let repository):
            switch repository.configuration(environment: environment).flatMap(GitRemoteList.fromConfiguration)
            {
            case .success(let remotes): list = remotes
            case .failure(let ask) where ask.gitWouldWait:
                return nil
            case .failure(let ask):
                askedGit = ask.reason
                list = remoteVerbose(in: directory, environment: environment)
            }
        case .askGit(let reason):
            askedGit = reason
            list = remoteVerbose(in: directory, environment: environment)
        }
        guard let choice = list.azureDevOpsChoice else { return nil }
        let cached = AzureRemoteCache(
            configDirectory: configDirectory ?? ConfigDirectory(environment: environment),
            environment: environment
        ).organizationURL(for: choice.parsed.repositoryURL)
        return RepositoryContext(
            remoteName: choice.name, remoteURL: choice.url, remote: choice.parsed,
            organizationURL: cached ?? choice.parsed.organizationURL, fromAzureCache: cached != nil,
            askedGit: askedGit)
    }

    /// What az runs: `git remote -v`; any failure (no git, not a repository, a refused
    /// configuration) means no remotes, as it does for az.
    static func remoteVerbose(in directory: String, environment: Environment) -> GitRemoteList {
        guard let git = Subprocess.find("git", path: environment["PATH"]),
            let output = try? Subprocess.capture(
                git, ["-C", directory, "remote", "-v"], environment: environment.forChildProcess,
                timeout: .seconds(10)),
            output.status == 0
        else { return GitRemoteList(remotes: []) }
        return GitRemoteList.fromRemoteVerbose(String(decoding: output.standardOutput, as: UTF8.self))
    }

    static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(cString: buffer)
    }
}

/// az's cache of the service's answers about remotes (`remotes.json` in its cache directory,
/// `$AZURE_DEVOPS_CACHE_DIR` or `cache` in the config directory): repository URL →
/// `{"project", "repository", "serverUrl"}`, kept forever. Read only, never written.
struct AzureRemoteCache {
    let path: String

    init(configDirectory: ConfigDirectory, environment: Environment) {
        let directory =
            environment.nonEmpty("AZURE_DEVOPS_CACHE_DIR")
            ?? ConfigDirectory.join(configDirectory.path, "cache")
        path = ConfigDirectory.join(directory, "remotes.json")
    }

    private struct Entry: Decodable {
        let serverURL: String?

        private enum Keys: String, CodingKey { case serverUrl }

        init(from decoder: any Decoder) {
            // az skips an entry it cannot read; so does this.
            let container = try? decoder.container(keyedBy: Keys.self)
            serverURL = (try? container?.decodeIfPresent(String.self, forKey: .serverUrl)) ?? nil
        }
    }

    /// The organization az cached for a repository URL, after az's own check of it.
    func organizationURL(for repositoryURL: String) -> String? {
        guard let bytes = GitFile.read(path) else { return nil }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        guard let entries = try? JSONDecoder().decode([String: Entry].self, from: Data(body)),
            let server = entries[repositoryURL]?.serverURL
        else { return nil }
        return AzureDevOpsRemote.organizationURL(ofServiceURL: server)
    }
}
