import CredentialCore

/// The full-screen account manager: `ado-accounts` on a terminal, or `ado-accounts tui`.
public enum AccountsScreen {
    /// Takes over the terminal until the person quits, and returns the exit status. Throws, with
    /// the terminal untouched, when it cannot be used (an unknown TERM, one without cursor
    /// addressing).
    @MainActor
    public static func run(manager: AccountManager) throws(CredentialError) -> Int32 {
        let terminal = try Terminal.open(environment: manager.environment)
        let runtime = Runtime(
            terminal: terminal, manager: manager, benchmark: Benchmark(environment: manager.environment))
        return runtime.run()
    }
}
