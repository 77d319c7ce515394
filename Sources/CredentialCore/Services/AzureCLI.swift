#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The Azure CLI as az devops uses it (docs/storage.md §8): a signed-in account's token is tried before
/// any PAT. State is read from `azureProfile.json`; `az` runs only to sign in or out, or to get a
/// token for `status --check`.
public struct AzureCLI: Sendable {
    /// Azure DevOps' resource id, for `az account get-access-token --resource`.
    public static let devOpsResource = "499b84ac-1321-427f-aa17-267ca6975798"
    public static let installHint =
        "Install the Azure CLI: https://learn.microsoft.com/cli/azure/install-azure-cli-linux (Debian: curl -sL https://aka.ms/InstallAzureCLIDeb | sudo bash)."

    let environment: Environment

    public init(environment: Environment = .current) {
        self.environment = environment
    }

    /// `$AZURE_CONFIG_DIR`, else `~/.azure`.
    public var configDirectory: String {
        environment.nonEmpty("AZURE_CONFIG_DIR") ?? ConfigDirectory.join(environment.homeDirectory, ".azure")
    }

    public var profilePath: String { ConfigDirectory.join(configDirectory, "azureProfile.json") }

    public var executable: String? { Subprocess.find("az", path: environment["PATH"]) }

    /// Who is signed in. A missing or malformed profile means nobody; never an error.
    public func state() -> AzureCLIState {
        let executable = executable
        let read: SecureFile.Contents?
        do {
            read = try SecureFile.read(profilePath)
        } catch {
            return AzureCLIState(
                executable: executable, profilePath: profilePath, accounts: [],
                problem: error.message.hasSuffix(".") ? String(error.message.dropLast()) : error.message)
        }
        guard let contents = read else {
            return AzureCLIState(executable: executable, profilePath: profilePath, accounts: [], problem: nil)
        }
        guard let accounts = AzureProfile.accounts(from: contents.bytes) else {
            return AzureCLIState(
                executable: executable, profilePath: profilePath, accounts: [],
                problem: contents.bytes.isEmpty ? nil : "\(profilePath) is not a valid Azure CLI profile")
        }
        return AzureCLIState(
            executable: executable, profilePath: profilePath, accounts: accounts, problem: nil)
    }

    /// An Azure DevOps token for a tenant, from `az account get-access-token`. It is a bearer
    /// secret like a PAT and is handled as one: never printed, never logged.
    public func accessToken(tenant: String?) async throws(CredentialError) -> PersonalAccessToken {
        guard let executable else {
            throw .notFound("The Azure CLI (az) is not installed. \(Self.installHint)")
        }
        let arguments =
            ["account", "get-access-token", "--resource", Self.devOpsResource, "--output", "json"]
            + (tenant.map { ["--tenant", $0] } ?? [])
        let environment = environment.forChildProcess
        var output = try await Blocking.run { () throws(CredentialError) in
            try Subprocess.capture(executable, arguments, environment: environment, timeout: .seconds(60))
        }
        defer { SecureFile.wipe(&output.standardOutput) }
        guard output.status == 0 else {
            let message = String(decoding: output.standardError, as: UTF8.self)
                .split(separator: "\n").first { !$0.trimmingTrailingWhitespace.isEmpty }.map {
                    Printable.sanitized($0, limit: 160)
                }
            throw .init(
                .unreachable, "az account get-access-token failed" + (message.map { ": \($0)" } ?? "."))
        }
        struct Answer: Decodable { let accessToken: String }
        // Decoded where it lies: a Data copy of the output would not be wiped with it.
        let answer = output.standardOutput.withUnsafeMutableBytes { raw in
            raw.baseAddress.flatMap {
                try? JSONDecoder().decode(
                    Answer.self, from: Data(bytesNoCopy: $0, count: raw.count, deallocator: .none))
            }
        }
        guard let answer, !answer.accessToken.isEmpty
        else {
            throw .init(.unreachable, "az account get-access-token did not answer with a token.")
        }
        return PersonalAccessToken(stored: answer.accessToken)
    }

    /// Runs `az ARGUMENTS` in the foreground, with the terminal, and returns its exit status.
    public func runInForeground(_ arguments: [String]) throws(CredentialError) -> Int32 {
        guard let executable else {
            throw .notFound("The Azure CLI (az) is not installed. \(Self.installHint)")
        }
        return try Subprocess.runInForeground(executable, arguments, environment: environment.forChildProcess)
    }
}
