import Foundation

/// A command run with its config directory on a 256 KiB tmpfs that holds a copy of the
/// directory's files, mounted in a private mount namespace (unshare) so that it disappears with
/// the command and nobody else ever sees it: a full disk, or one with room for a single page,
/// without touching the machine's. Needs root (or a container that allows the mount).
public enum SmallFileSystem {
    public static let unshare: String? = ["/usr/bin/unshare", "/bin/unshare"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// A tmpfs can be mounted in a private mount namespace here.
    public static let isAvailable: Bool = {
        guard let unshare, let probe = try? TemporaryDirectory("mount-probe") else { return false }
        let result = try? ChildProcess.run(
            [
                unshare, "--mount", "--propagation", "private", "/bin/sh", "-c",
                "mount -t tmpfs -o size=16k tmpfs \"$0\"", probe.path,
            ],
            environment: ["PATH": inheritedPath])
        return result?.status == 0
    }()

    /// `prepare` for a disk with no room left.
    public static let full = #"dd if=/dev/zero of="$dir/filler" bs=1024 2>/dev/null; true"#
    /// `prepare` for a disk with room for one page (4 KiB): one small file can be written, not two.
    public static let roomForOneFile =
        #"dd if=/dev/zero of="$dir/gap" bs=4096 count=1 2>/dev/null; "# + full + #"; rm -f "$dir/gap""#

    /// What the command run inside the namespace printed and returned.
    public struct Outcome: Sendable {
        public let status: Int32
        public let standardOutput: String
        public let standardError: String
        public var output: String { standardOutput + standardError }
        public var errorLines: [String] { standardError.split(separator: "\n").map(String.init) }
    }

    /// Runs `argv` with `directory` replaced by the small file system; `prepare` (shell, `$dir` is
    /// the directory) runs first. Returns the outcome and every file as the command left them.
    public static func run(
        _ argv: [String], directory: String, environment: [String: String], input: String = "",
        prepare: String
    ) throws -> (outcome: Outcome, after: [String: [UInt8]]) {
        let work = try TemporaryDirectory("tmpfs-run")
        try FileSnapshot.write(input, to: work.appending("input"))
        let script = """
            set -u
            dir="$1"; out="$2"; shift 2
            mkdir "$out/seed" "$out/after"
            cp -a "$dir/." "$out/seed/" || exit 90
            mount -t tmpfs -o size=256k,mode=0700 tmpfs "$dir" || exit 91
            cp -a "$out/seed/." "$dir/" || exit 92
            \(prepare)
            "$@" < "$out/input" > "$out/stdout" 2> "$out/stderr"
            echo $? > "$out/status"
            mount -o remount,rw "$dir"
            rm -f "$dir/filler"
            cp -a "$dir/." "$out/after/"
            """
        let wrapper = try ChildProcess.run(
            [
                unshare!, "--mount", "--propagation", "private", "/bin/sh", "-c", script, "sh", directory,
                work.path,
            ]
                + argv,
            environment: environment)
        guard wrapper.status == 0,
            let status = FileSnapshot.text(work.appending("status")).flatMap({
                Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
            })
        else { throw TestSupportError("the tmpfs wrapper failed (\(wrapper.status)): \(wrapper.output)") }
        let outcome = Outcome(
            status: status, standardOutput: FileSnapshot.text(work.appending("stdout")) ?? "",
            standardError: FileSnapshot.text(work.appending("stderr")) ?? "")
        return (outcome, FileSnapshot.tree(work.appending("after")))
    }
}
