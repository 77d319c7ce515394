#if canImport(Glibc)
    import Glibc
#endif

/// The libFuzzer side: which check runs is chosen once, from ADO_FUZZ_TARGET, so that one
/// binary serves every target and each target keeps a corpus of its own.
///
/// libFuzzer's callbacks are exported from this library rather than from an executable
/// target, because SwiftPM renames an executable's entry point and links libFuzzer whole,
/// with a `main` of its own, which cannot both be.
public enum FuzzEntry {
    nonisolated(unsafe) static var target: (name: String, check: ([UInt8]) -> String?)?

    public static func initialize() {
        let name = getenv("ADO_FUZZ_TARGET").map({ String(cString: $0) })
        if name == TerminalInputChecks.name {
            target = (TerminalInputChecks.name, TerminalInputChecks.check)
        } else if let name, let chosen = FuzzTarget(rawValue: name) {
            target = (chosen.rawValue, chosen.check)
        } else {
            let names = (FuzzTarget.allCases.map(\.rawValue) + [TerminalInputChecks.name]).joined(
                separator: ", ")
            let message = Array("ado-fuzz: set ADO_FUZZ_TARGET to one of: \(names)\n".utf8)
            _ = message.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            exit(2)
        }
    }

    public static func run(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        guard let target else { return 0 }
        let bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
        if let problem = target.check(bytes) {
            fatalError("\(target.name): \(problem)")
        }
        return 0
    }
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> Int32 {
    FuzzEntry.initialize()
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzEntry.run(data, size)
}
