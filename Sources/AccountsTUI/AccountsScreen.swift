import AccountsUI
import CredentialCore
import CursesShim

/// The full-screen account manager: `ado-accounts` on a terminal, or `ado-accounts tui`.
public enum AccountsScreen {
    /// Takes over the terminal until the person quits, and returns the exit status. Throws, with
    /// the terminal untouched, when it cannot be used (an unknown TERM, one without cursor
    /// addressing).
    @MainActor
    public static func run(manager: AccountManager) throws(CredentialError) -> Int32 {
        // Effects run on the concurrency pool, and glibc gives each thread that allocates its own
        // arena, which keeps what it freed: a listing and a doctor run of 10,000 organizations on
        // two threads left 3 MB more resident than on one arena. A handful of background calls
        // gains nothing from separate arenas.
        tui_single_malloc_arena()
        let glyphs: Glyphs = Terminal.setLocale() ? .unicode : .ascii
        let mailbox = try Mailbox()
        let effects = EffectRunner(manager: manager, mailbox: mailbox)
        // The stores are read while ncurses sets up the terminal; the size comes once it has.
        var (model, pending) = Model.start(
            size: Size(width: 80, height: 24), glyphs: glyphs, storeNotice: manager.storeNotice,
            homeDirectory: manager.environment["HOME"])
        model.repository = manager.detectRepository()
        pending.forEach(effects.run)
        let terminal: Terminal
        do {
            terminal = try Terminal.open(environment: manager.environment, wake: mailbox)
        } catch {
            mailbox.close()
            throw error
        }
        let runtime = Runtime(
            terminal: terminal, model: model, effects: effects, mailbox: mailbox,
            benchmark: Benchmark(environment: manager.environment))
        return runtime.run()
    }
}
