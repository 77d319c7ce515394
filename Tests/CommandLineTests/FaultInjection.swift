import Foundation
import Synchronization
import TestSupport

/// What this machine lets a test do to make the file system say no. As root, permission checks
/// do not apply, so "permission denied" needs the binary to run as another user (setpriv); a
/// full or read-only file system needs a small tmpfs, mounted in a private mount namespace
/// (unshare) so that it disappears with the command and nobody else ever sees it.
enum FaultInjection {
    static let unprivilegedID = 65534

    static let setpriv: String? = ["/usr/bin/setpriv", "/bin/setpriv"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Root with setpriv: the binary can be run as uid/gid 65534.
    static var canRunAsAnotherUser: Bool { geteuid() == 0 && setpriv != nil }

    /// A tmpfs can be mounted in a private mount namespace (root, or a container that allows it).
    static var canMountPrivately: Bool { SmallFileSystem.isAvailable }

    /// argv that runs `arguments` as uid/gid 65534 without supplementary groups.
    static func asAnotherUser(_ arguments: [String]) -> [String] {
        [setpriv!, "--reuid=\(unprivilegedID)", "--regid=\(unprivilegedID)", "--clear-groups"] + arguments
    }

    /// Gives a tree to uid/gid 65534 (lchown: links are not followed).
    static func giveAway(_ path: String) {
        lchown(path, uid_t(unprivilegedID), gid_t(unprivilegedID))
        for name in FileManager.default.subpaths(atPath: path) ?? [] {
            lchown(path + "/" + name, uid_t(unprivilegedID), gid_t(unprivilegedID))
        }
    }

    /// Temporary files a writer leaves when it dies between creating and renaming them.
    static func strayTemporaryFiles(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter {
            $0.hasPrefix(".") && $0.contains(".ado-tmp-")
        }
    }

    /// The files of a config directory that hold state (no lock file, no temporary files).
    static func stateFiles(_ directory: String) -> [String: [UInt8]] {
        FileSnapshot.tree(directory).filter { $0.key != "ado-accounts.lock" && !$0.key.contains(".ado-tmp-") }
    }
}

/// Waits for a child but kills it after `seconds`: a hang becomes a failure, not a stuck suite.
/// Not a timing assertion; the deadline is far above what the behaviour under test needs.
struct Watchdog {
    struct Outcome {
        let result: ChildProcess.Result
        let killedByWatchdog: Bool
    }

    private final class Flags: Sendable {
        let finished = Atomic<Bool>(false)
        let fired = Atomic<Bool>(false)
    }

    static func wait(for child: ChildProcess, seconds: Double) -> Outcome {
        let flags = Flags()
        let pid = child.pid
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            if !flags.finished.load(ordering: .sequentiallyConsistent) {
                flags.fired.store(true, ordering: .sequentiallyConsistent)
                kill(pid, SIGKILL)
            }
        }
        let result = child.wait()
        flags.finished.store(true, ordering: .sequentiallyConsistent)
        return Outcome(result: result, killedByWatchdog: flags.fired.load(ordering: .sequentiallyConsistent))
    }
}
