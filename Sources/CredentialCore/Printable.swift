/// Makes text from outside (organization names, server answers, file contents) safe to print:
/// control characters, escapes and bidirectional overrides become visible `\u{…}` sequences, so
/// nothing read from a file or a server can drive the terminal.
public enum Printable {
    public static func sanitized(_ text: some StringProtocol, limit: Int = 200) -> String {
        // The common case, printable ASCII within the limit, is returned as it is.
        if text.utf8.count <= limit, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return String(text) }
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                result += "…"
                break
            }
            if scalar.isControl || isBidiControl(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return result
    }

    static func quoted(_ text: some StringProtocol) -> String {
        "'" + sanitized(text, limit: 80) + "'"
    }

    private static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}
