import Foundation
import TestSupport
import Testing

@testable import CredentialCore

/// The fuzz targets' properties (FuzzChecks.swift, a link to Tests/Fuzz/Sources/FuzzChecks) on
/// every input of the committed corpus, then on seeded random mutations of it: the suite's
/// short fuzzing pass, with no libFuzzer needed. `ADO_FUZZ_MUTATIONS` raises the count (it is
/// also the fallback harness where the toolchain has no -sanitize=fuzzer).
@Suite struct FuzzCorpusReplayTests {
    /// Bytes the parsers give meaning to, for insertions.
    static let dictionary: [[UInt8]] =
        [
            "\n", "\r\n", "\r", "[", "]", "=", ":", " ", "\t", "  ", "%", "%%", "://", "@", "/", "?", "#",
            ";", "\"", "{", "}",
            "\u{1B}", "\u{9B}", "\u{202E}", "\u{FEFF}", "\u{2028}", "visualstudio.com", "azdevops-cli:",
            "azdevops-cli: default",
            "personal access token", "[defaults]", "https://", "http://", "dev.azure.com",
            "\"authenticatedUser\"", "\"id\"",
        ].map { Array($0.utf8) } + [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x00]]

    @Test(arguments: FuzzTarget.allCases)
    func theCorpusAndSeededMutationsOfItKeepEveryProperty(target: FuzzTarget) throws {
        let corpus = try FuzzCorpus.inputs(target.rawValue)
        let inputs = corpus.map(\.bytes)
        #expect(!inputs.isEmpty, "no corpus for \(target.rawValue)")
        for (name, input) in corpus {
            if let problem = target.check(input) { Issue.record("\(target.rawValue)/\(name): \(problem)") }
        }
        var random = SplitMix64(seed: target.rawValue.utf8.reduce(0xF022) { $0 &* 31 &+ UInt64($1) })
        for _ in 0..<FuzzCorpus.mutations {
            var bytes = inputs.randomElement(using: &random) ?? []
            for _ in 0...Int.random(in: 0..<4, using: &random) {
                Self.mutate(&bytes, from: inputs, &random)
            }
            if let problem = target.check(bytes) {
                Issue.record(
                    "\(target.rawValue): \(problem); input \(bytes) (base64 \(Data(bytes).base64EncodedString()))"
                )
                return
            }
        }
    }

    static func mutate(_ bytes: inout [UInt8], from inputs: [[UInt8]], _ random: inout SplitMix64) {
        let position = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
        switch Int.random(in: 0..<6, using: &random) {
        case 0 where !bytes.isEmpty:
            bytes[min(position, bytes.count - 1)] = UInt8.random(in: 0...255, using: &random)
        case 1:
            bytes.insert(contentsOf: dictionary.randomElement(using: &random)!, at: position)
        case 2 where !bytes.isEmpty:
            let end = min(bytes.count, position + Int.random(in: 1...8, using: &random))
            bytes.removeSubrange(min(position, end)..<end)
        case 3 where !bytes.isEmpty:
            let start = Int.random(in: 0..<bytes.count, using: &random)
            let end = min(bytes.count, start + Int.random(in: 1...16, using: &random))
            bytes.insert(contentsOf: Array(bytes[start..<end]), at: position)
        case 4:
            let other = inputs.randomElement(using: &random) ?? []
            bytes = Array(bytes[..<position]) + other[Int.random(in: 0...other.count, using: &random)...]
        default:
            bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
        }
    }
}
