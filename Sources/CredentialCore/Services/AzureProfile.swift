#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An account the Azure CLI is signed in with, from one subscription of `azureProfile.json`.
public struct AzureAccount: Sendable, Equatable, Codable {
    /// The user or service principal name (`user.name`).
    public let userName: String
    /// `user`, `servicePrincipal`, or what the CLI wrote.
    public let userType: String
    public let tenantID: String
    public let subscriptionID: String
    public let subscriptionName: String
    public let isDefault: Bool
}

/// `azureProfile.json`, read directly instead of through `az` (which starts Python: ~1 s).
/// The CLI writes it as UTF-8 with a byte-order mark.
enum AzureProfile {
    private struct File: Decodable {
        struct Subscription: Decodable {
            struct User: Decodable {
                let name: String
                let type: String?
            }
            let id: String?
            let name: String?
            let tenantId: String?
            let isDefault: Bool?
            let user: User?
        }
        let subscriptions: [Subscription]?
    }

    /// The accounts in the file, default subscription first; nil when the bytes are not a profile.
    static func accounts(from bytes: [UInt8]) -> [AzureAccount]? {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        guard let file = try? JSONDecoder().decode(File.self, from: Data(body)) else { return nil }
        let accounts = (file.subscriptions ?? []).compactMap { subscription -> AzureAccount? in
            guard let user = subscription.user, !user.name.isEmpty, let tenant = subscription.tenantId else {
                return nil
            }
            return AzureAccount(
                userName: user.name, userType: user.type ?? "user", tenantID: tenant,
                subscriptionID: subscription.id ?? "",
                subscriptionName: subscription.name ?? "", isDefault: subscription.isDefault ?? false)
        }
        return accounts.filter(\.isDefault) + accounts.filter { !$0.isDefault }
    }
}

/// What the Azure CLI knows: whether `az` is installed and who is signed in.
public struct AzureCLIState: Sendable, Equatable {
    /// The `az` executable found on PATH, or nil.
    public let executable: String?
    public let profilePath: String
    /// Signed-in accounts, default subscription first. Empty when signed out.
    public let accounts: [AzureAccount]
    /// Why the profile could not be read, when it exists but is not a profile.
    public let problem: String?

    public var isInstalled: Bool { executable != nil }
    public var isSignedIn: Bool { !accounts.isEmpty }

    /// Distinct (tenant, user) pairs in the order az devops tries them.
    public var identities: [AzureAccount] {
        var seen = Set<String>()
        return accounts.filter { seen.insert($0.tenantID + "\u{0}" + $0.userName).inserted }
    }

    /// The account a person would recognise: the default subscription's.
    public var primaryAccount: AzureAccount? { accounts.first }

    /// The user names still signed in after `az logout` without arguments, which signs out the
    /// current account (the default subscription's user) only; each once, in profile order.
    public var userNamesLeftByLogout: [String] {
        let current = primaryAccount?.userName
        var names: [String] = []
        for account in accounts where account.userName != current && !names.contains(account.userName) {
            names.append(account.userName)
        }
        return names
    }

    /// "jane@contoso.com", with the number of tenants when more than one.
    public var summary: String {
        guard let account = primaryAccount else { return isInstalled ? "not signed in" : "not installed" }
        let tenants = Set(accounts.map(\.tenantID)).count
        let name = Printable.sanitized(account.userName, limit: 80)
        return tenants > 1 ? "\(name) (\(tenants) tenants)" : name
    }
}
