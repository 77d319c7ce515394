import CredentialCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a command reads and writes, and the environment it sees: the process's own in the
/// binary, buffers in the in-process tests. Commands never touch descriptors 0, 1 and 2 or
/// `environ` directly.
public struct CommandContext: Sendable {
    public var environment: Environment
    public var standardOutput: TextStream
    public var standardError: TextStream
    public var standardInput: ByteSource
    public var inputIsTerminal: Bool
    public var outputIsTerminal: Bool
    /// Whether standard error is a terminal: only then does a command show what it is waiting
    /// for (`Progress`), on a line it erases.
    public var errorIsTerminal: Bool
    /// The signal mask, ignored signals and descriptors the process was started with, for
    /// `exec` to restore; captured on the main thread before anything else runs, because the
    /// commands run on the concurrency pool, whose threads block signals. Nil in-process,
    /// where `exec` refuses to run.
    public var inheritance: TokenExec.Inheritance?

    public init(
        environment: Environment, standardOutput: TextStream, standardError: TextStream,
        standardInput: ByteSource, inputIsTerminal: Bool = false, outputIsTerminal: Bool = false,
        errorIsTerminal: Bool = false
    ) {
        self.environment = environment
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.standardInput = standardInput
        self.inputIsTerminal = inputIsTerminal
        self.outputIsTerminal = outputIsTerminal
        self.errorIsTerminal = errorIsTerminal
    }

    /// The running process's environment and standard streams; call it on the main thread,
    /// first.
    public static func process(arguments: [String]) -> CommandContext {
        var context = CommandContext(
            environment: .current, standardOutput: .descriptor(1), standardError: .descriptor(2),
            standardInput: .descriptor(0), inputIsTerminal: isatty(0) == 1, outputIsTerminal: isatty(1) == 1,
            errorIsTerminal: isatty(2) == 1)
        // Only for exec: reading /proc/self/fd would cost every other command its start-up.
        if arguments.first == "exec" { context.inheritance = TokenExec.Inheritance.capture() }
        return context
    }

    /// A manager on the stores a preference selects, in this context's environment.
    func manager(_ preference: StorePreference?, verifier: any TokenVerifier = HTTPTokenVerifier())
        throws(CredentialError) -> AccountManager
    {
        try AccountManager(environment: environment, preference: preference, verifier: verifier)
    }

    // Data goes to standard output; messages for people to standard error, one line each.

    func print(_ line: String) { standardOutput.write(line + "\n") }
    func write(_ text: String) { standardOutput.write(text) }

    func note(_ message: String) { standardError.write(message + "\n") }
    func warning(_ message: String) { note("\(Output.program): warning: \(message)") }
    public func warnings(_ messages: [String]) { messages.forEach(warning) }
    public func error(_ message: String) { note("\(Output.program): \(message)") }

    /// The width to wrap help to: COLUMNS when set (as ArgumentParser reads it), else nil for
    /// the terminal's own.
    var columns: Int? { environment["COLUMNS"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } }

    /// Where a token for `organization` would really go, when its URL could mislead (a
    /// look-alike of dev.azure.com, non-ASCII letters): said before it is stored, made the
    /// default or handed to a command.
    func warnAboutHost(of organization: OrganizationURL) {
        if let warning = organization.hostWarning {
            self.warning("\(Printable.sanitized(organization.canonicalURL)): \(warning).")
        }
    }

    /// "ado-accounts: https://dev.azure.com/fabrikam, from the git remote 'origin' (…)": said
    /// when a git remote chose the organization, which the default would not have.
    func noteRemote(_ resolution: OrganizationResolution) {
        guard case .gitRemote = resolution.source, let organization = resolution.organization else { return }
        note(
            "\(Output.program): \(organization.canonicalURL), \(resolution.origin) (--detect false ignores it)."
        )
    }
}

/// Where text goes: a descriptor, written whole (EINTR retried), or a test's buffer.
public struct TextStream: Sendable {
    private let sink: @Sendable ([UInt8]) -> Bool

    public init(_ sink: @escaping @Sendable ([UInt8]) -> Bool) {
        self.sink = sink
    }

    public static func descriptor(_ descriptor: Int32) -> TextStream {
        TextStream { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes {
                    Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    public func write(_ text: String) { _ = sink(Array(text.utf8)) }

    /// Bytes that must not outlive the write (a token for git): the caller wipes them. False
    /// when they could not all be written.
    func write(bytes: [UInt8]) -> Bool { sink(bytes) }
}

/// Where input comes from: a descriptor (the terminal's, for a prompt without echo) or bytes.
public struct ByteSource: Sendable {
    /// The descriptor, when there is one: echo is turned off on it for a prompt.
    let descriptor: Int32?
    private let reader: @Sendable (UnsafeMutableRawBufferPointer) -> Int

    public static func descriptor(_ descriptor: Int32) -> ByteSource {
        ByteSource(descriptor: descriptor) { buffer in
            while true {
                let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
                if count < 0 && errno == EINTR { continue }
                return count
            }
        }
    }

    public static func bytes(_ bytes: [UInt8]) -> ByteSource {
        let remaining = Remaining(bytes)
        return ByteSource(descriptor: nil) { buffer in
            remaining.bytes.withLock { rest in
                let count = min(buffer.count, rest.count)
                buffer.copyBytes(from: rest.prefix(count))
                rest = rest.dropFirst(count)
                return count
            }
        }
    }

    private final class Remaining: Sendable {
        let bytes: Mutex<ArraySlice<UInt8>>
        init(_ bytes: [UInt8]) { self.bytes = Mutex(bytes[...]) }
    }

    /// Up to `buffer.count` bytes; 0 at the end, negative on an error.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int { reader(buffer) }
}
