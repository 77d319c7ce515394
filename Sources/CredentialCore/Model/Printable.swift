/// Makes text from outside (organization names, server answers, file contents) safe to print:
/// control characters, escapes and bidirectional overrides become visible `\u{…}` sequences, so
/// nothing read from a file or a server can drive the terminal.
public enum Printable {
    public static func sanitized(_ text: some StringProtocol, limit: Int = 200) -> String {
        sanitized(String(text), limit: limit)
    }

    /// The concrete entry point: the generic one above walks a `StringProtocol` through witness
    /// tables, several thousand instructions for a short URL.
    public static func sanitized(_ text: String, limit: Int = 200) -> String {
        // The common case, printable ASCII within the limit, is returned as it is.
        if isPlainASCII(text, limit: limit) { return text }
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

    private static func isPlainASCII(_ text: String, limit: Int) -> Bool {
        var count = 0
        for byte in text.utf8 {
            guard byte >= 0x20, byte < 0x7F else { return false }
            count += 1
        }
        return count <= limit
    }

    /// JSON text with every character `sanitized` would escape (DEL, C1 controls such as the
    /// 8-bit CSI, bidirectional overrides and other format characters, line separators) written
    /// as a `\u` escape. A JSON reader gets the same data; a terminal gets nothing to act on.
    /// JSON encoders escape only C0 controls, and the other characters only occur inside strings.
    public static func inertJSON(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: needsJSONEscape) else { return json }
        var result = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            guard needsJSONEscape(scalar) else {
                result.append(scalar)
                continue
            }
            var units: [UInt16] = []
            UTF16.encode(scalar) { units.append($0) }
            for unit in units {
                let hex = String(unit, radix: 16)
                let escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                result.append(contentsOf: escape.unicodeScalars)
            }
        }
        return String(result)
    }

    private static func needsJSONEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x7F && (scalar.isControl || isBidiControl(scalar))
    }

    static func quoted(_ text: some StringProtocol) -> String {
        "'" + sanitized(text, limit: 80) + "'"
    }

    private static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}
