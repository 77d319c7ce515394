import CredentialCore

#if canImport(Glibc)
    import Glibc
#endif

/// Measurements for Tests/Benchmarks/tui-bench.sh, switched on by ADO_ACCOUNTS_TUI_BENCHMARK:
/// `first-frame` ends the program once the first frame with the listing is on the screen (the
/// script times exec to exit); `latency:<file>` appends, at exit, one line per input batch with
/// the microseconds from reading the input to the end of the repaint.
@MainActor
final class Benchmark {
    static let variable = "ADO_ACCOUNTS_TUI_BENCHMARK"

    let exitsAfterFirstFrame: Bool
    private let reportPath: String?
    private var inputTime: ContinuousClock.Instant?
    private var latencies: [Duration] = []

    init?(environment: Environment) {
        guard let value = environment[Self.variable], !value.isEmpty else { return nil }
        if value == "first-frame" {
            exitsAfterFirstFrame = true
            reportPath = nil
        } else if value.hasPrefix("latency:") {
            exitsAfterFirstFrame = false
            reportPath = String(value.dropFirst("latency:".count))
        } else {
            return nil
        }
    }

    func inputRead(at time: ContinuousClock.Instant) {
        inputTime = time
    }

    func painted(at time: ContinuousClock.Instant) {
        guard let start = inputTime else { return }
        latencies.append(time - start)
        inputTime = nil
    }

    func finish() {
        guard let reportPath, !latencies.isEmpty else { return }
        let lines = latencies.map { duration -> String in
            let (seconds, attoseconds) = duration.components
            return "\(seconds * 1_000_000 + attoseconds / 1_000_000_000_000)\n"
        }
        let descriptor = open(reportPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array(lines.joined().utf8)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }
}
