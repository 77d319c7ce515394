import Foundation

/// Waiting for an event that a condition shows (a file appears, a process ends, a screen shows a
/// line). The bound is a watchdog for a test that is truly broken, never a timing assertion: it
/// is far above what anything takes on a machine with every core busy, so that only a hang
/// reaches it.
public enum Patience {
    /// Seconds before a wait gives up.
    public static let limit: TimeInterval = 60

    /// Polls `condition` until it holds; throws, naming `what`, after `timeout` seconds.
    public static func wait(
        _ what: @autoclosure () -> String, timeout: TimeInterval = limit, _ condition: () throws -> Bool
    ) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while try !condition() {
            if Date() > deadline {
                throw TestSupportError("gave up after \(Int(timeout)) s waiting for \(what())")
            }
            usleep(10_000)
        }
    }

    /// `wait`, for callers that check the outcome themselves: whether the condition came to hold.
    public static func waitQuietly(timeout: TimeInterval = limit, _ condition: () throws -> Bool) -> Bool {
        (try? wait("", timeout: timeout, condition)) != nil
    }
}
