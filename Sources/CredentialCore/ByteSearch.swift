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
}
