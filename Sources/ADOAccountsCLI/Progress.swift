import Synchronization

/// What a command is waiting for ("Checking https://dev.azure.com/contoso…"), on one line of
/// standard error that is erased when the answer arrives. Only on a terminal: piped or
/// redirected, standard error gets the command's messages and nothing else.
final class Progress: Sendable {
    private let stream: TextStream
    private let enabled: Bool
    private let width: Int
    /// Whether a line is on the screen now, to be erased before anything else is written.
    private let shown = Mutex(false)

    init(_ context: CommandContext) {
        stream = context.standardError
        enabled = context.errorIsTerminal
        width = context.columns ?? 80
    }

    /// Replaces the line with `text`, cut to fit the terminal: a line that wrapped could not be
    /// erased with a carriage return.
    func show(_ text: String) {
        guard enabled else { return }
        let limit = max(10, width - 1)
        let fitted = text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
        shown.withLock { shown in
            stream.write(Self.erase + fitted)
            shown = true
        }
    }

    /// Erases the line, if one is shown.
    func clear() {
        guard enabled else { return }
        shown.withLock { shown in
            if shown { stream.write(Self.erase) }
            shown = false
        }
    }

    /// Carriage return, then erase to the end of the line.
    static let erase = "\r\u{1B}[K"
}
