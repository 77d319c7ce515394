import CredentialCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a PAT the way az does (interop §6): on a terminal, a `Token: ` prompt without echo,
/// asked again while empty; otherwise the first line of standard input, trailing whitespace
/// removed. The PAT never comes from the command line.
enum TokenInput {
    /// Lines longer than this are refused without reading further.
    static let lineLimit = 8192

    static func read(_ context: CommandContext) throws(CredentialError) -> PersonalAccessToken {
        if context.inputIsTerminal, let descriptor = context.standardInput.descriptor {
            return try prompt(on: descriptor, context)
        }
        return try firstLine(of: context.standardInput)
    }

    private static func prompt(on descriptor: Int32, _ context: CommandContext) throws(CredentialError)
        -> PersonalAccessToken
    {
        for _ in 0..<3 {
            // Echo goes off before the prompt appears, so that nothing typed at once is shown.
            let line = try EchoOff.withEchoDisabled(on: descriptor) {
                context.standardError.write("Token: ")
                return readLine(from: context.standardInput)
            }
            guard var line else { break }
            defer { wipe(&line) }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            return try PersonalAccessToken(entered: line)
        }
        throw CredentialError(.invalidInput, "No token was entered; nothing was stored.")
    }

    private static func firstLine(of input: ByteSource) throws(CredentialError) -> PersonalAccessToken {
        guard var line = readLine(from: input) else {
            throw CredentialError(
                .invalidInput, "The token is empty (standard input has no line); nothing was stored.")
        }
        defer { wipe(&line) }
        if line.count >= lineLimit {
            throw CredentialError(
                .invalidInput,
                "The token is longer than \(PersonalAccessToken.maximumLength) characters; nothing was stored."
            )
        }
        return try PersonalAccessToken(entered: line)
    }

    /// Bytes up to the first newline, at most `lineLimit` of them; nil at end of input with nothing read.
    private static func readLine(from input: ByteSource) -> [UInt8]? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        var sawAnything = false
        while line.count < lineLimit {
            // One byte at a time: what follows the line stays for whoever reads next.
            let count = withUnsafeMutableBytes(of: &byte) { input.read(into: $0) }
            if count <= 0 { break }
            sawAnything = true
            if byte == UInt8(ascii: "\n") { break }
            line.append(byte)
        }
        byte = 0
        return sawAnything ? line : nil
    }

    private static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress { explicit_bzero(base, raw.count) }
        }
    }
}

/// Turns terminal echo off for the duration of a read and always turns it back on, including
/// when the user presses Ctrl-C or the process is told to stop.
enum EchoOff {
    nonisolated(unsafe) private static var saved = termios()
    nonisolated(unsafe) private static var savedDescriptor: Int32 = -1

    static func withEchoDisabled<T>(on descriptor: Int32, _ body: () throws(CredentialError) -> T)
        throws(CredentialError) -> T
    {
        var original = termios()
        guard tcgetattr(descriptor, &original) == 0 else { return try body() }
        saved = original
        savedDescriptor = descriptor
        let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP]
        var previous: [Int32: sigaction] = [:]
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = restoreAndReraise
            sigemptyset(&action.sa_mask)
            var old = sigaction()
            sigaction(signal, &action, &old)
            previous[signal] = old
        }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        silent.c_lflag |= tcflag_t(ECHONL)
        tcsetattr(descriptor, TCSADRAIN, &silent)
        defer {
            tcsetattr(descriptor, TCSADRAIN, &original)
            for (signal, var action) in previous { sigaction(signal, &action, nil) }
            savedDescriptor = -1
        }
        return try body()
    }

    private static let restoreAndReraise: @convention(c) (Int32) -> Void = { signal in
        if EchoOff.savedDescriptor >= 0 { tcsetattr(EchoOff.savedDescriptor, TCSADRAIN, &EchoOff.saved) }
        if signal == SIGTSTP {
            // Stop with echo restored; on SIGCONT the read goes on without echo again.
            var action = sigaction()
            action.__sigaction_handler.sa_handler = SIG_DFL
            sigaction(SIGTSTP, &action, nil)
            var unblock = sigset_t()
            sigemptyset(&unblock)
            sigaddset(&unblock, SIGTSTP)
            pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
            raise(SIGTSTP)
            var silent = EchoOff.saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(EchoOff.savedDescriptor, TCSADRAIN, &silent)
            action.__sigaction_handler.sa_handler = EchoOff.restoreAndReraise
            sigaction(SIGTSTP, &action, nil)
            return
        }
        // End the prompt's line, since the ^C the terminal would print is not echoed either.
        var newline: UInt8 = 0x0A
        _ = write(2, &newline, 1)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = SIG_DFL
        sigaction(signal, &action, nil)
        raise(signal)
    }
}
