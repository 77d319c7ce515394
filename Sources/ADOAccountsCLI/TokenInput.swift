import CProcessHardening
import CredentialCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a PAT the way az does (docs/storage.md §6): on a terminal, a `Token: ` prompt without echo,
/// asked again while empty; otherwise the first line of standard input; whitespace around the
/// token removed. The PAT never comes from the command line.
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
            guard var line else {
                // End of input (Ctrl-D): the error goes on a line of its own, not after "Token: ".
                context.standardError.write("\n")
                break
            }
            defer { SecretBytes.wipe(&line) }
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
        defer { SecretBytes.wipe(&line) }
        if line.count >= lineLimit {
            throw CredentialError(
                .invalidInput,
                "The token is longer than \(PersonalAccessToken.maximumLength) characters; nothing was stored."
            )
        }
        return try PersonalAccessToken(entered: line)
    }

    /// Bytes up to the first newline, at most `lineLimit` of them; nil at end of input with nothing read.
    static func readLine(from input: ByteSource) -> [UInt8]? {
        var line: [UInt8] = []
        // Never grown: storage it outgrew would keep part of the token, unwiped.
        line.reserveCapacity(lineLimit)
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
}

/// Turns terminal echo off for the duration of a read and always turns it back on, including
/// when the user presses Ctrl-C or the process is told to stop: the signal handlers that do so
/// are C (`ado_echo_off_begin`), since a handler may run on any thread at any instruction.
enum EchoOff {
    static func withEchoDisabled<T>(on descriptor: Int32, _ body: () throws(CredentialError) -> T)
        throws(CredentialError) -> T
    {
        guard ado_echo_off_begin(descriptor) == 0 else { return try body() }
        defer { ado_echo_off_end() }
        return try body()
    }
}
