import Foundation

/// What /proc says about a running process, for tests that wait for it to get somewhere.
public enum ProcessProbe {
    /// A process's (or thread's, with `task`) state: "S" sleeping, "R" running or runnable, "T"
    /// stopped, "Z" a zombie; nil once it is gone.
    public static func state(of pid: Int32, task: Int32? = nil) -> String? {
        let path = task.map { "/proc/\(pid)/task/\($0)/stat" } ?? "/proc/\(pid)/stat"
        guard let stat = FileSnapshot.text(path), let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(close, offsetBy: 2)...].split(separator: " ").first.map(String.init)
    }

    /// The ids of the process's threads.
    public static func threads(of pid: Int32) -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []).compactMap {
            Int32($0)
        }
    }

    /// Whether one of its threads is blocked in read(0, …): syscall 0 with first argument 0 (a
    /// command may read on a thread of Swift's cooperative pool, not its first thread).
    public static func isReadingStandardInput(_ pid: pid_t) -> Bool {
        threads(of: pid).contains { thread in
            FileSnapshot.text("/proc/\(pid)/task/\(thread)/syscall")?.hasPrefix("0 0x0 ") == true
        }
    }

    /// Waits until the process reads its standard input; false if it never does (`Patience`).
    public static func waitUntilReadingStandardInput(_ pid: pid_t) -> Bool {
        Patience.waitQuietly { isReadingStandardInput(pid) }
    }
}
