import Foundation

/// A stand-in for the Azure CLI on PATH, for tests. It keeps its state where the real one does
/// (`$AZURE_CONFIG_DIR/azureProfile.json`), writes profiles as the real one does (UTF-8 with a
/// byte-order mark), answers `account get-access-token` with a token per tenant, and records
/// each call's arguments and environment so tests can check what reached it.
public final class ScriptedAzureCLI: @unchecked Sendable {
    public struct Account: Sendable {
        public let user: String
        public let tenant: String
        public let subscription: String
        public let isDefault: Bool
        public let type: String

        public init(
            user: String, tenant: String, subscription: String = "Pay-As-You-Go", isDefault: Bool = true,
            type: String = "user"
        ) {
            self.user = user
            self.tenant = tenant
            self.subscription = subscription
            self.isDefault = isDefault
            self.type = type
        }
    }

    public let root: TemporaryDirectory
    /// Put this first on PATH.
    public var binDirectory: String { root.appending("bin") }
    /// `AZURE_CONFIG_DIR` for the program under test.
    public var configDirectory: String { root.appending("azure") }
    public var profilePath: String { configDirectory + "/azureProfile.json" }

    public init() throws {
        root = try TemporaryDirectory("fake-az")
        try FileManager.default.createDirectory(
            atPath: root.appending("bin"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: root.appending("azure"), withIntermediateDirectories: true)
        let script = root.appending("bin/az")
        try FileSnapshot.write(Self.script, to: script, mode: 0o755)
    }

    /// The accounts `az login` signs in with.
    public func onLogin(_ accounts: [Account]) throws {
        try FileSnapshot.write(Self.profile(accounts), to: root.appending("login-profile.json"))
    }

    /// Signs in now, as if `az login` had run.
    public func signIn(_ accounts: [Account]) throws {
        try FileSnapshot.write(Self.profile(accounts), to: profilePath)
    }

    public func writeProfile(_ text: String) throws {
        try FileSnapshot.write(text, to: profilePath)
    }

    /// The token `az account get-access-token --tenant TENANT` answers with.
    public func token(_ token: String, forTenant tenant: String) throws {
        try FileSnapshot.write(token, to: root.appending("token-\(tenant)"))
    }

    /// Every invocation: arguments on the first line, then the environment.
    public var calls: [String] {
        let text = FileSnapshot.text(root.appending("calls.log")) ?? ""
        return text.components(separatedBy: "\u{1E}\n").filter { !$0.isEmpty }
    }

    public static func profile(_ accounts: [Account]) -> String {
        let subscriptions = accounts.enumerated().map { index, account in
            """
            {"id": "0000000\(index)-1111-2222-3333-444444444444", "name": "\(account.subscription)", "state": "Enabled", \
            "user": {"name": "\(account.user)", "type": "\(account.type)"}, "isDefault": \(account.isDefault), \
            "tenantId": "\(account.tenant)", "environmentName": "AzureCloud", "homeTenantId": "\(account.tenant)", \
            "managedByTenants": []}
            """
        }
        return "\u{FEFF}{\"installationId\": \"5d1f0000-0000-0000-0000-000000000000\", \"subscriptions\": ["
            + subscriptions.joined(separator: ", ") + "]}"
    }

    static let script = #"""
        #!/bin/sh
        # Scripted Azure CLI for ado-accounts' tests.
        here=$(cd "$(dirname "$0")/.." && pwd)
        dir="${AZURE_CONFIG_DIR:-$HOME/.azure}"
        { printf '%s\n' "$*"; env; printf '\036\n'; } >> "$here/calls.log"
        case "$1" in
        login)
            echo "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FAKE-CODE to authenticate."
            if [ -n "$FAKE_AZ_WAIT_FOR_ENTER" ]; then read -r _; fi
            if [ ! -f "$here/login-profile.json" ]; then echo "ERROR: login failed" >&2; exit 1; fi
            mkdir -p "$dir" && cp "$here/login-profile.json" "$dir/azureProfile.json"
            echo '[ { "cloudName": "AzureCloud", "isDefault": true } ]'
            ;;
        logout)
            if [ ! -f "$dir/azureProfile.json" ]; then echo "ERROR: There are no active accounts." >&2; exit 1; fi
            printf '\357\273\277{"installationId": "5d1f0000-0000-0000-0000-000000000000", "subscriptions": []}' > "$dir/azureProfile.json"
            ;;
        account)
            [ "$2" = "get-access-token" ] || { echo "ERROR: unexpected: $*" >&2; exit 2; }
            tenant=""
            while [ $# -gt 0 ]; do
                if [ "$1" = "--tenant" ]; then tenant="$2"; fi
                shift
            done
            if [ ! -f "$here/token-$tenant" ]; then echo "ERROR: AADSTS70043: The refresh token has expired." >&2; exit 1; fi
            printf '{\n  "accessToken": "%s",\n  "expiresOn": "2026-11-29 15:00:00.000000",\n  "tenant": "%s",\n  "tokenType": "Bearer"\n}\n' "$(cat "$here/token-$tenant")" "$tenant"
            ;;
        *)
            echo "ERROR: unexpected: $*" >&2
            exit 2
            ;;
        esac
        """#
}
