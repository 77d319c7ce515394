import Foundation

/// Polls `condition` every 2 ms for up to 20 s: waiting on an event that has no descriptor.
public func waitUntil(_ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(20)
    while Date() < deadline {
        if condition() { return true }
        usleep(2000)
    }
    return condition()
}

/// The state letter of a process (R, S, T stopped, Z exited and not yet reaped), from /proc.
public func processState(_ pid: pid_t) -> Character? {
    guard let text = FileSnapshot.text("/proc/\(pid)/stat"), let close = text.lastIndex(of: ")") else {
        return nil
    }
    return text[close...].dropFirst(2).first
}

/// A lease held by `holder` is being broken: some process is blocked opening the file for writing.
public func leaseIsBreaking(holder: pid_t) -> Bool {
    (FileSnapshot.text("/proc/locks") ?? "").split(separator: "\n").contains {
        let fields = $0.split(separator: " ", omittingEmptySubsequences: true)
        return fields.count > 4 && fields[1] == "LEASE" && fields[2] == "BREAKING" && fields[4] == "\(holder)"
    }
}
