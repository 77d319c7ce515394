/// The directory az devops keeps its state in (docs/storage.md §1), and the paths of the files in it.
public struct ConfigDirectory: Sendable, Equatable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// `$AZURE_DEVOPS_EXT_CONFIG_DIR`, else `$AZURE_CONFIG_DIR/azuredevops`, else
    /// `~/.azure/azuredevops`; an empty variable counts as unset.
    public init(environment: Environment) {
        if let explicit = environment.nonEmpty("AZURE_DEVOPS_EXT_CONFIG_DIR") {
            path = explicit
        } else if let azure = environment.nonEmpty("AZURE_CONFIG_DIR") {
            path = Self.join(azure, "azuredevops")
        } else {
            path = Self.join(environment.homeDirectory, ".azure/azuredevops")
        }
    }

    public var configFile: String { Self.join(path, "config") }
    public var organizationListFile: String { Self.join(path, "organization_list") }
    public var tokenFile: String { Self.join(path, "personalAccessTokens") }
    /// Serializes every change made by ado-accounts processes (az itself does not lock).
    var lockFile: String { Self.join(path, "ado-accounts.lock") }
    /// ado-accounts' own state: the previous default organization, for `use -`.
    var stateFile: String { Self.join(path, "ado-accounts.state") }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
