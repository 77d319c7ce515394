import Foundation

/// The committed fuzz corpus (Tests/Fuzz/Corpus/<target>, which Tests/Fuzz/fuzz.sh also reads)
/// and the number of seeded mutations the replay tests run on it.
public enum FuzzCorpus {
    /// Tests/Fuzz/Corpus, found from this file's own place in the tree.
    public static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fuzz/Corpus")

    /// `ADO_FUZZ_MUTATIONS`, or 3000: fuzz.sh raises it where the toolchain has no libFuzzer.
    public static let mutations = Int(ProcessInfo.processInfo.environment["ADO_FUZZ_MUTATIONS"] ?? "") ?? 3000

    /// Every input of a target's corpus with its file name, sorted by name. A file that cannot
    /// be read is an error, not a smaller corpus.
    public static func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let path = directory.appendingPathComponent(target).path
        return try FileManager.default.contentsOfDirectory(atPath: path).sorted().map { name in
            guard let bytes = FileSnapshot.bytes(path + "/" + name) else {
                throw TestSupportError("cannot read the corpus file \(target)/\(name)")
            }
            return (name, bytes)
        }
    }
}
