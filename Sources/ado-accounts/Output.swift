import CredentialCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Messages for people go to standard error, one line each; data goes to standard output.
enum Output {
    static let program = "ado-accounts"

    static func note(_ message: String) {
        writeError(message)
    }

    static func warning(_ message: String) {
        writeError("\(program): warning: \(message)")
    }

    static func warnings(_ messages: [String]) {
        messages.forEach(warning)
    }

    static func error(_ message: String) {
        writeError("\(program): \(message)")
    }

    static func writeError(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
        bytes.removeAll()
    }

    /// Where a token for `organization` would really go, when its URL could mislead (a
    /// look-alike of dev.azure.com, non-ASCII letters): said before it is stored, made the
    /// default or handed to a command.
    static func warnAboutHost(of organization: OrganizationURL) {
        if let warning = organization.hostWarning {
            Output.warning("\(Printable.sanitized(organization.canonicalURL)): \(warning).")
        }
    }

    static var standardOutputIsTerminal: Bool { isatty(1) == 1 }
    static var standardInputIsTerminal: Bool { isatty(0) == 1 }
}

/// Exit statuses, documented in the README and the man page.
enum ExitStatus: Int32 {
    case success = 0
    case notFound = 1
    case invalidInput = 2
    case rejected = 3
    case unreachable = 4
    case storage = 5

    init(_ kind: CredentialError.Kind) {
        switch kind {
        case .notFound: self = .notFound
        case .invalidInput: self = .invalidInput
        case .rejected: self = .rejected
        case .unreachable: self = .unreachable
        case .storage: self = .storage
        }
    }
}

/// Ends the command with a status after its output is written (not an error message).
struct Exit: Error {
    let status: ExitStatus
}

/// A table with columns as wide as their widest cell; the last column is not padded.
struct Table {
    var rows: [[String]] = []

    mutating func append(_ cells: [String]) {
        rows.append(cells)
    }

    func rendered(indent: String = "") -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            var line = indent
            for (index, cell) in row.enumerated() {
                let isLast = index == row.count - 1
                line += isLast ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 2)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
