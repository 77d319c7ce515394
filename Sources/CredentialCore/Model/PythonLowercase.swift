/// Python's `str.lower()`, which az applies to an organization URL's authority and path to make
/// its credential key (docs/storage.md §3). A key must match az's byte for byte, and Swift's
/// `lowercased()` differs in one rule: Python lowers a capital sigma at the end of a word to the
/// final form (`ΟΔΟΣ` → `οδος`, not `οδοσ`), by Unicode's Final_Sigma condition.
enum PythonLowercase {
    static func lower(_ text: some StringProtocol) -> String {
        // Keys are nearly always ASCII: no tables to consult, no context to look at.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == Self.capitalSigma {
                result.append(Self.isFinalSigma(at: index, in: scalars) ? "\u{3C2}" : "\u{3C3}")
            } else {
                result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(result)
    }

    private static let capitalSigma: Unicode.Scalar = "\u{3A3}"

    /// Final_Sigma (Unicode 3.13, Table 3-17) as CPython evaluates it over the whole string: a
    /// cased letter before the sigma, skipping case-ignorable characters, and no cased letter
    /// after it, skipping case-ignorable characters.
    private static func isFinalSigma(at index: Int, in scalars: [Unicode.Scalar]) -> Bool {
        var before = index - 1
        while before >= 0, scalars[before].properties.isCaseIgnorable { before -= 1 }
        guard before >= 0, scalars[before].properties.isCased else { return false }
        var after = index + 1
        while after < scalars.count, scalars[after].properties.isCaseIgnorable { after += 1 }
        return after == scalars.count || !scalars[after].properties.isCased
    }
}
