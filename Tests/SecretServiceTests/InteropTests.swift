import CredentialCore
import Foundation
import TestSupport
import Testing

/// REQUIRE_SECRET_SERVICE=1 (make test, CI) makes missing components a failure instead of a skip.
@Test(.enabled(if: KeyringTests.required))
func secretServiceComponentsArePresentWhenRequired() {
    #expect(
        KeyringTests.componentsAvailable, "gnome-keyring, dbus-daemon or the python-keyring venv is missing")
    #expect(KeyringTests.insideWrapper, "run the tests through Tests/Scripts/with-keyring.sh")
}

/// The store in this process against the wrapper's gnome-keyring (with-keyring.sh), and
/// python-keyring reading and writing the same items. Keys are unique per test.
@Suite(.enabled(if: KeyringTests.componentsAvailable && KeyringTests.insideWrapper))
struct SecretServiceStoreTests {
    let store = SecretServiceCredentialStore()

    @Test func probeFindsTheUnlockedKeyring() {
        #expect(KeyringProbe.probe(environment: .current, unlock: false) == .available)
    }

    @Test func storeReadListRemove() throws {
        let key = KeyringTests.uniqueOrganization().key
        try store.store(try PersonalAccessToken("first-token"), for: key)
        #expect(try store.token(for: key)?.revealed == "first-token")
        #expect(try store.storedKeys().contains(key))
        try store.store(try PersonalAccessToken("second-token"), for: key)
        #expect(try store.token(for: key)?.revealed == "second-token")
        #expect(try store.items().filter { $0.key == key }.count == 1)
        #expect(try store.remove([key, KeyringTests.uniqueOrganization().key]) == [key])
        #expect(try store.token(for: key) == nil)
        #expect(try !store.storedKeys().contains(key))
    }

    @Test func listingSkipsItemsThatAreNotAzDevOpsKeys() throws {
        let service = "some-other-tool-\(UUID().uuidString)"
        let result = try ChildProcess.run(
            [
                PythonKeyring.path!, "-c",
                "import sys, keyring; keyring.set_password(sys.argv[1], 'Personal Access Token', 'x')",
                service,
            ], environment: ProcessInfo.processInfo.environment)
        #expect(result.status == 0, "\(result.output)")
        let items = try store.items()
        #expect(items.contains { $0.service == service && $0.key == nil })
        #expect(try !store.storedKeys().map(\.rawValue).contains(service))
    }
}

/// ado-accounts and python-keyring (what az devops uses) on one real keyring, item for item.
@Suite(.enabled(if: KeyringTests.componentsAvailable))
struct PythonKeyringInteropTests {
    @Test func anItemWrittenByAdoAccountsIsReadByPythonKeyring() throws {
        let keyring = try PrivateKeyring()
        let login = try keyring.ado("login", "--org", "contoso", "--skip-verify", input: "ado-token-1\n")
        #expect(login.status == 0, "\(login.output)")
        #expect(!login.standardError.contains("Not using the keyring"))
        #expect(try keyring.keyringGet("azdevops-cli:https://dev.azure.com/contoso") == "ado-token-1")

        // Exactly python-keyring's item: label, the three attributes (plus libsecret's schema
        // name, which python ignores), text/plain.
        let items = try keyring.items()
        #expect(items.count == 1)
        let item = try #require(items.first)
        #expect(
            item["label"] as? String
                == "Password for 'Personal Access Token' on 'azdevops-cli:https://dev.azure.com/contoso'")
        #expect(
            item["attributes"] as? [String: String] == [
                "service": "azdevops-cli:https://dev.azure.com/contoso", "username": "Personal Access Token",
                "application": "Python keyring library", "xdg:schema": "org.freedesktop.Secret.Generic",
            ])
        #expect(item["contentType"] as? String == "text/plain")
        // Not in the file.
        #expect(!FileManager.default.fileExists(atPath: keyring.tokenFile))
    }

    @Test func anItemWrittenByPythonKeyringIsListedAndUsed() throws {
        let keyring = try PrivateKeyring()
        try keyring.keyringSet("azdevops-cli:https://dev.azure.com/fabrikam", "py-token-1")
        try keyring.keyringSet("azdevops-cli: default", "py-default")

        let list = try keyring.ado("list", "--json")
        #expect(list.status == 0, "\(list.output)")
        let json = try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [String: Any]
        let accounts = json?["accounts"] as? [[String: Any]] ?? []
        let fabrikam = accounts.first {
            $0["key"] as? String == "azdevops-cli:https://dev.azure.com/fabrikam"
        }
        #expect(fabrikam?["stores"] as? [String] == ["keyring"])
        #expect(accounts.contains { $0["key"] as? String == "azdevops-cli: default" })

        let token = try keyring.ado("token", "--org", "fabrikam")
        #expect(token.status == 0)
        #expect(token.standardOutput == "py-token-1\n")
        #expect(try keyring.ado("token", "--org", "elsewhere").standardOutput == "py-default\n")
    }

    @Test func overwritingAPythonItemLeavesOneItemThatPythonReads() throws {
        let keyring = try PrivateKeyring()
        let key = "azdevops-cli:https://dev.azure.com/contoso"
        try keyring.keyringSet(key, "old-from-python")
        let login = try keyring.ado("login", "--org", "contoso", "--skip-verify", input: "new-from-ado\n")
        #expect(login.status == 0, "\(login.output)")
        #expect(try keyring.items().count == 1)
        #expect(try keyring.keyringGet(key) == "new-from-ado")
        // And the other way: python replaces ours in place.
        try keyring.keyringSet(key, "newer-from-python")
        #expect(try keyring.items().count == 1)
        #expect(try keyring.ado("token", "--org", "contoso").standardOutput == "newer-from-python\n")
    }

    /// The new item is stored before the old ones are deleted; one that cannot be deleted (in a
    /// locked keyring) leaves an extra item, not a failed login.
    @Test func anOldItemThatCannotBeDeletedIsAWarningNotAFailedLogin() throws {
        let keyring = try PrivateKeyring()
        let key = "azdevops-cli:https://dev.azure.com/contoso"
        try keyring.createItemInLockedKeyring(key, "old-token")
        let login = try keyring.ado("login", "--org", "contoso", "--skip-verify", input: "new-token\n")
        #expect(login.status == 0, "\(login.output)")
        #expect(
            login.errorLines.contains {
                $0.hasPrefix(
                    "ado-accounts: warning: https://dev.azure.com/contoso: the token was stored, but older keyring items for it could not be removed: "
                )
            }, "\(login.output)")
        #expect(try keyring.keyringGet(key) == "new-token")
        #expect(FileSnapshot.text(keyring.indexFile) == "\(key)\n")
        #expect(
            FileSnapshot.text(keyring.configFile)?.contains("organization = https://dev.azure.com/contoso")
                == true)
    }

    @Test func logoutRemovesTheItemAndTheFileSection() throws {
        let keyring = try PrivateKeyring()
        let key = "azdevops-cli:https://dev.azure.com/contoso"
        #expect(
            try keyring.ado("login", "--org", "contoso", "--skip-verify", input: "in-keyring\n").status == 0)
        // az wrote a copy in the file while the keyring was unavailable to it.
        try FileSnapshot.write("[\(key)]\npersonal access token = in-file\n\n", to: keyring.tokenFile)
        let logout = try keyring.ado("logout", "--org", "contoso")
        #expect(logout.status == 0, "\(logout.output)")
        #expect(try keyring.keyringGet(key) == nil)
        #expect(FileSnapshot.text(keyring.tokenFile)?.contains("in-file") == false)
    }

    @Test func theFileWrittenAfterMigrationIsReadByConfigparserAsAzReadsIt() throws {
        let keyring = try PrivateKeyring()
        #expect(
            try keyring.ado("login", "--org", "contoso", "--skip-verify", input: "tok%en;1\n").status == 0)
        let migrate = try keyring.ado("migrate", "--to", "file")
        #expect(migrate.status == 0, "\(migrate.output)")
        let read = try keyring.python(
            """
            import configparser, sys
            tokens = configparser.ConfigParser(interpolation=None)
            tokens.read(sys.argv[1])
            print(tokens.get("azdevops-cli:https://dev.azure.com/contoso", "Personal Access Token"))
            """, keyring.tokenFile)
        #expect(read.standardOutput == "tok%en;1\n", "\(read.output)")
        #expect(FileSnapshot.mode(keyring.tokenFile) == 0o600)
        #expect(try keyring.keyringGet("azdevops-cli:https://dev.azure.com/contoso") == nil)
    }
}

/// What `list` asks the Secret Service, seen on the bus itself.
@Suite(
    .enabled(
        if: KeyringTests.componentsAvailable
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/dbus-monitor")))
struct ListingOnTheBusTests {
    @Test func listingSearchesByAttributesAndNeverAsksForASecret() throws {
        let keyring = try PrivateKeyring()
        for name in ["alpha", "bravo", "charlie"] {
            try keyring.keyringSet("azdevops-cli:https://dev.azure.com/\(name)", "secret-\(name)")
        }
        let log = keyring.root.appending("bus.log")
        let monitor = try ChildProcess(
            ["/bin/sh", "-c", "exec dbus-monitor --session > \"$0\"", log], environment: keyring.environment)
        defer {
            monitor.kill(SIGTERM)
            monitor.wait()
        }
        try mark("listing-starts", on: keyring, seenIn: log)
        let list = try keyring.ado("list")
        try mark("listing-ended", on: keyring, seenIn: log)

        #expect(list.status == 0, "\(list.output)")
        #expect(list.standardOutput.contains("https://dev.azure.com/charlie"))
        let text = FileSnapshot.text(log) ?? ""
        let start = try #require(text.range(of: "listing-starts"))
        let end = try #require(text.range(of: "listing-ended"))
        let during = text[start.upperBound..<end.lowerBound]
        #expect(during.contains("member=SearchItems"))
        for forbidden in ["member=OpenSession", "member=GetSecret", "member=GetSecrets", "member=Unlock"] {
            #expect(!during.contains(forbidden), "list called \(forbidden)")
        }
        #expect(!during.contains("secret-alpha"))
    }

    /// Sends a recognisable call over the bus and waits until the monitor has logged it.
    private func mark(_ marker: String, on keyring: PrivateKeyring, seenIn log: String) throws {
        try Patience.wait("dbus-monitor to log \(marker)") {
            _ = try ChildProcess.run(
                [
                    "dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner", "string:\(marker)",
                ], environment: keyring.environment)
            return FileSnapshot.text(log)?.contains(marker) == true
        }
    }
}
