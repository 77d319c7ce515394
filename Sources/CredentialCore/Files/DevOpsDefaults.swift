#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The defaults `az devops configure` manages (organization and project in `config`), read and
/// written with az's rules. Separate from `AccountManager` because none of it touches a token
/// store: `configure` never probes, or asks to unlock, the keyring.
public struct DevOpsDefaults: Sendable {
    public let directory: ConfigDirectory
    public let environment: Environment
    /// The time remembered projects are stamped with.
    public var now: @Sendable () -> Date = { Date() }

    public init(environment: Environment = .current) {
        self.init(directory: ConfigDirectory(environment: environment), environment: environment)
    }

    init(directory: ConfigDirectory, environment: Environment) {
        self.directory = directory
        self.environment = environment
        if let fixed = environment.fixedTime { now = { fixed } }
    }

    private var files: DirectoryFiles { DirectoryFiles(directory: directory) }

    /// `configure --defaults name=value ...` with az's rules: only `organization` and `project`;
    /// `''` or an empty value clears; an organization must be a valid URL (or a bare name, which
    /// is expanded). All assignments are checked before anything is written.
    /// Returns what became of the project when the organization changed.
    @discardableResult
    public func configure(_ assignments: [String]) throws(CredentialError) -> ProjectChange? {
        var changes: [(key: String, value: String)] = []
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "=") else {
                throw .invalidInput(
                    "A default is name=value: \(Printable.quoted(assignment)) has no '='.",
                    hint: .defaultsSyntax)
            }
            let key = String(assignment[..<equals])
            var value = String(assignment[assignment.index(after: equals)...])
            guard DevOpsConfig.settableKeys.contains(key) else {
                throw .invalidInput(
                    "usage error: invalid default value setup. Supported values are ['organization', 'project']."
                )
            }
            if DevOpsConfig.isUnset(value) { value = "" }
            if key == "organization", !value.isEmpty {
                do { value = try OrganizationURL(value).url } catch {
                    throw .invalidInput(
                        "Organization should be a valid Azure DevOps or Azure DevOps Server URL: \(error.message)"
                    )
                }
            }
            if value.unicodeScalars.contains(where: { $0.isControl }) {
                throw .invalidInput("The \(key) contains a control character.")
            }
            changes.append((key, value))
        }
        // The last of each wins, as in az; a new organization takes its remembered project
        // unless the same command names one (see `ProjectChange`).
        let organization = changes.last { $0.key == "organization" }?.value
        let project = changes.last { $0.key == "project" }?.value
        let stamp = now()
        return try files.transaction { (state) throws(CredentialError) -> ProjectChange? in
            if let organization {
                return state.switchDefaultOrganization(to: organization, project: project, at: stamp)
            }
            if let project { state.setDefaultProject(project, at: stamp) }
            return nil
        }
    }

    /// A project name the config file can hold: one line, not empty.
    static func requireValidProject(_ project: String) throws(CredentialError) {
        if project.isEmpty || DevOpsConfig.isUnset(project) {
            throw .invalidInput("The project name is empty.")
        }
        if project.unicodeScalars.contains(where: { $0.isControl }) {
            throw .invalidInput("The project contains a control character.")
        }
    }

    /// `configure --use-git-aliases true|false`: az's `git pr` and `git repo` aliases in git's
    /// global configuration, set or removed.
    public func useGitAliases(_ enabled: Bool) throws(CredentialError) {
        try GitAliases.configure(enabled, environment: environment)
    }

    /// The configuration as `configure --list` shows it.
    public func report() throws(CredentialError) -> ConfigurationReport {
        let config = try files.readConfig()
        return ConfigurationReport(
            sections: config.sections.map {
                .init(name: $0.name, entries: $0.entries.map { .init(name: $0.name, value: $0.value) })
            },
            usesGitAliases: GitAliases.areConfigured(environment: environment),
            environmentVariables: environment.variables.keys.filter { $0.hasPrefix("AZURE_DEVOPS_EXT_") }
                .sorted())
    }
}

public struct ConfigurationReport: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let value: String
    }
    public struct Section: Sendable, Equatable {
        public let name: String
        public let entries: [Entry]
    }
    public let sections: [Section]
    public let usesGitAliases: Bool
    /// Names of the `AZURE_DEVOPS_EXT_*` variables that are set; values are never reported.
    public let environmentVariables: [String]
}
