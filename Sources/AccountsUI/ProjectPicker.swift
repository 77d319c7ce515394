import CredentialCore

/// `p`: an organization's live project list, filtered as the person types; `Enter` makes the
/// organization the default with the chosen project. Organizations can have thousands of
/// projects, so the names are searched as one buffer of lowercased bytes, and typing more
/// narrows the matches already found instead of searching everything again.
public struct ProjectPicker: Sendable {
    public enum Phase: Equatable, Sendable {
        case loading
        case loaded
        case failed(String)
    }

    public let organization: OrganizationURL
    /// The project to start on: the organization's default or remembered one.
    public let current: String?
    /// Matches the answer to its request: one that arrives after the picker closed or was
    /// opened again is dropped.
    let generation: Int
    public internal(set) var phase = Phase.loading
    public internal(set) var names = ProjectNames([])
    var query = TextField()
    /// Indices into `names` that contain the query, in order.
    public internal(set) var matches: [Int] = []
    /// Index into `matches`.
    public internal(set) var cursor = 0
    var top = 0

    init(organization: OrganizationURL, current: String?, generation: Int) {
        self.organization = organization
        self.current = current
        self.generation = generation
    }

    public var queryText: String { query.text }
    public var isLoading: Bool { phase == .loading }
    public var chosen: String? { matches[safe: cursor].map { names[$0] } }

    mutating func load(_ loaded: [String]) {
        names = ProjectNames(loaded)
        phase = .loaded
        matches = Array(names.indices)
        refilter(previous: nil)
        if let current, query.isEmpty, let index = loaded.firstIndex(of: current) { cursor = index }
    }

    /// Recomputes the matches for the query; `previous` is the query they were found for.
    mutating func refilter(previous: String?) {
        let anchor = matches[safe: cursor]
        let needle = Array(query.text.lowercased().utf8)
        let old = previous.map { Array($0.lowercased().utf8) } ?? []
        let narrowing =
            previous != nil && !old.isEmpty && needle.count >= old.count
            && ByteSubstring.contains(needle, old[...])
        let candidates = narrowing ? matches : Array(names.indices)
        matches = needle.isEmpty ? candidates : names.filter(candidates, containing: needle)
        cursor = anchor.map { Model.position(of: $0, in: matches) } ?? 0
    }
}

/// Project names, and the same lowercased as one byte buffer for the filter.
public struct ProjectNames: Sendable {
    private let all: [String]
    private let bytes: [UInt8]
    /// Where each name's bytes start in `bytes`; one more entry than names, for the end.
    private let starts: [Int]

    public init(_ names: [String]) {
        all = names
        var bytes: [UInt8] = []
        var starts: [Int] = []
        starts.reserveCapacity(names.count + 1)
        for name in names {
            starts.append(bytes.count)
            // ASCII (nearly every project name) is lowercased byte by byte.
            let utf8 = name.utf8
            if utf8.allSatisfy({ $0 < 0x80 }) {
                for byte in utf8 { bytes.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
            } else {
                bytes += name.lowercased().utf8
            }
        }
        starts.append(bytes.count)
        self.bytes = bytes
        self.starts = starts
    }

    public var count: Int { all.count }
    public var indices: Range<Int> { all.indices }
    public subscript(index: Int) -> String { all[index] }

    /// The candidates whose lowercased name contains `needle` (already lowercased).
    func filter(_ candidates: [Int], containing needle: [UInt8]) -> [Int] {
        bytes.withUnsafeBufferPointer { buffer in
            candidates.filter { index in
                ByteSubstring.contains(buffer[starts[index]..<starts[index + 1]], needle[...])
            }
        }
    }
}

enum ByteSubstring {
    /// Whether `haystack` contains `needle`: a scan for the first byte, then a comparison.
    static func contains<H: RandomAccessCollection<UInt8>>(_ haystack: H, _ needle: ArraySlice<UInt8>) -> Bool
    where H.Index == Int {
        guard let first = needle.first else { return true }
        let count = needle.count
        guard haystack.count >= count else { return false }
        var index = haystack.startIndex
        let last = haystack.endIndex - count
        while index <= last {
            if haystack[index] == first {
                var offset = 1
                while offset < count, haystack[index + offset] == needle[needle.startIndex + offset] {
                    offset += 1
                }
                if offset == count { return true }
            }
            index += 1
        }
        return false
    }

    static func contains(_ haystack: [UInt8], _ needle: ArraySlice<UInt8>) -> Bool {
        contains(haystack[...], needle)
    }
}
