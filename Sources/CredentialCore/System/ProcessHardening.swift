import CProcessHardening

/// Keeps the tokens a process holds out of core files and away from other processes: called
/// first thing in `main`, before any token is read from a prompt, a store or the environment
/// (`AZURE_DEVOPS_EXT_PAT` is in memory from the first instruction), so that every command and
/// the account manager are covered without each path having to remember it.
///
/// Non-dumpable means: no core file on a crash, no ptrace attach and no reading of
/// `/proc/<pid>/mem` or `environ` by other processes of the same user (only root can). The
/// core size limit of zero is set hard, so programs this process starts (`az`) inherit it.
public enum ProcessHardening {
    /// Applies both protections; returns what could not be applied, for a warning (never
    /// expected on Linux: both calls only lower privileges).
    @discardableResult
    public static func apply() -> [String] {
        let failures = ado_harden_process()
        var problems: [String] = []
        if failures & Int32(ADO_HARDEN_DUMPABLE_FAILED) != 0 {
            problems.append(
                "could not make the process non-dumpable; a crash could write tokens to a core file")
        }
        if failures & Int32(ADO_HARDEN_CORE_LIMIT_FAILED) != 0 {
            problems.append("could not turn core dumps off; a crash could write tokens to a core file")
        }
        return problems
    }
}
