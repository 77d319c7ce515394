import CredentialCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The program's name, as messages begin with it.
enum Output {
    static let program = "ado-accounts"
}

/// Exit statuses, documented in the README and the man page.
public enum ExitStatus: Int32, Sendable {
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

/// A table with columns as wide as their widest cell; the last column is not padded.
struct Table {
    var rows: [[String]] = []

    mutating func append(_ cells: [String]) {
        rows.append(cells)
    }

    /// Characters, counted on bytes for ASCII cells (nearly all): counting grapheme clusters
    /// cost `list` with 100 organizations a few hundred thousand instructions.
    static func width(_ cell: String) -> Int {
        let bytes = cell.utf8
        return bytes.allSatisfy { $0 < 0x80 } ? bytes.count : cell.count
    }

    func rendered(indent: String = "") -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], Self.width(cell)) }
        }
        return rows.map { row in
            var line = indent
            for (index, cell) in row.enumerated() {
                let isLast = index == row.count - 1
                line +=
                    isLast ? cell : cell + String(repeating: " ", count: widths[index] - Self.width(cell) + 2)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
