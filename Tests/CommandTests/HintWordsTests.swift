import Testing

/// The core's hints in the command line's words: each names the flags that act on it.
@Suite struct HintWordsTests {
    @Test func anUnusableKeyringNamesTheStoreFlagAndTheFile() async throws {
        let cli = try CLI()  // no session bus in its environment
        let result = try await cli.run("list", "--store", "keyring")
        #expect(result.status == 5)
        #expect(
            result.standardError
                == "ado-accounts: The keyring cannot be used: there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set). Use --store file (or ADO_ACCOUNTS_STORE=file) to keep tokens in \(cli.tokenFile).\n"
        )
    }

    @Test func nothingToActOnNamesTheOrganizationFlag() async throws {
        let cli = try CLI()
        let status = try await cli.run("status", "--detect", "false")
        #expect(status.status == 1)
        #expect(
            status.standardError
                == "ado-accounts: No organizations are stored or set as default. Give --organization.\n")
        let token = try await cli.run("token", "--detect", "false")
        #expect(token.status == 1)
        #expect(
            token.standardError
                == "ado-accounts: No default organization and no default credential. Give --organization.\n")
    }
}
