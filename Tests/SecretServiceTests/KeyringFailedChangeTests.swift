import Foundation
import TestSupport
import Testing

/// A command that changes the keyring and files, whose files cannot be written (a full disk):
/// the keyring change is undone, so the failure leaves the keyring's items as they were too.
@Suite(.enabled(if: KeyringTests.componentsAvailable && SmallFileSystem.isAvailable))
struct KeyringFailedChangeTests {
    static let keyringOnly = ["ADO_ACCOUNTS_STORE": "keyring"]

    /// The secrets of az's items for `service`, in the order the keyring lists them.
    func secrets(_ keyring: PrivateKeyring, _ service: String) throws -> [String] {
        try keyring.items().compactMap { item in
            let attributes = item["attributes"] as? [String: String]
            guard attributes?["service"] == service, attributes?["username"] == "Personal Access Token" else {
                return nil
            }
            return item["secret"] as? String
        }
    }

    /// The state files of the config directory (no lock, no temporary files).
    func stateFiles(_ files: [String: [UInt8]]) -> [String: [UInt8]] {
        files.filter { $0.key != "ado-accounts.lock" && !$0.key.contains(".ado-tmp-") }
    }

    func onAFullDisk(_ keyring: PrivateKeyring, _ arguments: [String], input: String = "") throws
        -> (outcome: SmallFileSystem.Outcome, after: [String: [UInt8]])
    {
        let (outcome, after) = try SmallFileSystem.run(
            [adoAccountsBinary] + arguments, directory: keyring.configDirectory,
            environment: keyring.environment.merging(Self.keyringOnly) { $1 }, input: input,
            prepare: SmallFileSystem.full)
        return (outcome, stateFiles(after))
    }

    @Test func aLoginWhoseFilesCannotBeWrittenPutsTheKeyringBack() throws {
        let keyring = try PrivateKeyring()
        let existing = "https://dev.azure.com/existing"
        #expect(
            try keyring.ado(
                ["login", "--org", existing, "--skip-verify"], input: "old-token\n",
                environment: Self.keyringOnly
            ).status == 0)
        // No default organization: the next login of it writes the config.
        #expect(try keyring.ado("configure", "--defaults", "organization=").status == 0)
        let before = stateFiles(FileSnapshot.tree(keyring.configDirectory))

        let (replacing, afterReplacing) = try onAFullDisk(
            keyring, ["login", "--org", existing, "--skip-verify"], input: "new-token\n")
        #expect(replacing.status == 5, "\(replacing.output)")
        #expect(replacing.errorLines.count == 1, "\(replacing.standardError)")
        #expect(afterReplacing == before)
        #expect(
            try secrets(keyring, "azdevops-cli:" + existing) == ["old-token"], "the replaced token is back")

        let added = "https://dev.azure.com/added"
        let (adding, afterAdding) = try onAFullDisk(
            keyring, ["login", "--org", added, "--skip-verify"], input: "added-token\n")
        #expect(adding.status == 5, "\(adding.output)")
        #expect(afterAdding == before)
        #expect(try secrets(keyring, "azdevops-cli:" + added).isEmpty, "the new item is gone again")
    }

    @Test func aLogoutWhoseFilesCannotBeWrittenPutsTheTokenBack() throws {
        let keyring = try PrivateKeyring()
        let organizations = ["https://dev.azure.com/first", "https://dev.azure.com/second"]
        for organization in organizations {
            #expect(
                try keyring.ado(
                    ["login", "--org", organization, "--skip-verify"],
                    input: "token-of-\(organization.suffix(5))\n",
                    environment: Self.keyringOnly
                ).status == 0)
        }
        let before = stateFiles(FileSnapshot.tree(keyring.configDirectory))
        for arguments in [["logout", "--org", organizations[0]], ["logout", "--all"]] {
            let (outcome, after) = try onAFullDisk(keyring, arguments)
            #expect(outcome.status == 5, "\(arguments): \(outcome.output)")
            #expect(outcome.errorLines.count == 1, "\(outcome.standardError)")
            #expect(after == before, "\(arguments)")
            for organization in organizations {
                #expect(
                    try secrets(keyring, "azdevops-cli:" + organization) == [
                        "token-of-\(organization.suffix(5))"
                    ],
                    "\(arguments)")
            }
        }
    }
}
