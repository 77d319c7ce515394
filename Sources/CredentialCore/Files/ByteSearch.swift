/// Substring search over UTF-8 bytes. The standard library's generic `firstRange(of:)` and
/// `contains(_:)` go through _StringProcessing and cost microseconds a call, which adds up when
/// ten thousand keys are read.
enum ByteSearch {
    static func firstOffset(of needle: StaticString, in text: some StringProtocol) -> Int? {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = pattern.first else { return 0 }
        let haystack = Array(text.utf8)
        guard haystack.count >= pattern.count else { return nil }
        var offset = 0
        while offset <= haystack.count - pattern.count {
            if haystack[offset] == first {
                var index = 1
                while index < pattern.count, haystack[offset + index] == pattern[index] { index += 1 }
                if index == pattern.count { return offset }
            }
            offset += 1
        }
        return nil
    }

    static func contains(_ needle: StaticString, in text: some StringProtocol) -> Bool {
        firstOffset(of: needle, in: text) != nil
    }

    /// Whether `needle` occurs in `haystack`; with `foldingASCIICase`, the haystack's A-Z match
    /// a needle's a-z (the needle is lowercase already).
    static func contains<Haystack: Collection<UInt8>>(
        _ needle: [UInt8], in haystack: Haystack, foldingASCIICase fold: Bool = false
    ) -> Bool where Haystack.Index == Int {
        if needle.isEmpty { return true }
        if needle.count > haystack.count { return false }
        func folded(_ byte: UInt8) -> UInt8 {
            fold && byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
        }
        let first = needle[0]
        let last = haystack.endIndex - needle.count
        var start = haystack.startIndex
        while start <= last {
            if folded(haystack[start]) == first {
                var matched = 1
                while matched < needle.count, folded(haystack[start + matched]) == needle[matched] {
                    matched += 1
                }
                if matched == needle.count { return true }
            }
            start += 1
        }
        return false
    }
}
