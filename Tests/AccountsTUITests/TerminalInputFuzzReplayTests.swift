import Foundation
import TestSupport
import Testing

@testable import AccountsUI

/// The `terminal-input` fuzz target's properties (TerminalInputChecks.swift, a link to
/// Tests/Fuzz/Sources/FuzzChecks) on every input of its committed corpus, then on seeded random
/// mutations of it. `ADO_FUZZ_MUTATIONS` raises the count, as for the core's targets (the suite's
/// name matches fuzz.sh's fallback filter, FuzzCorpusReplayTests).
@Suite struct TerminalInputFuzzCorpusReplayTests {
    /// What terminals send, and what the decoder gives meaning to, for insertions.
    static let dictionary: [[UInt8]] =
        [
            "\u{1B}", "\u{1B}[", "\u{1B}O", "\u{1B}[<", ";", "~", "M", "m", "A", "1", "200~", "201~", "\r",
            "\u{9B}", "\u{202E}", "é", "★",
        ].map { Array($0.utf8) } + [
            [0x9B], [0xFF, 0x01, 0x03], [0xFF, 0x01, 0x9A], [0xFE, 1, 2, 1], [0x00],
        ]

    @Test func theCorpusAndSeededMutationsOfItKeepEveryProperty() throws {
        let corpus = try FuzzCorpus.inputs(TerminalInputChecks.name)
        let inputs = corpus.map(\.bytes)
        #expect(inputs.count >= 20, "the corpus is there")
        for (name, input) in corpus {
            if let problem = TerminalInputChecks.check(input) { Issue.record("\(name): \(problem)") }
        }
        var random = SplitMix64(seed: 0x7E41_1A15)
        for _ in 0..<FuzzCorpus.mutations {
            var bytes = inputs.randomElement(using: &random) ?? []
            for _ in 0...Int.random(in: 0..<4, using: &random) {
                let position = Int.random(in: 0...bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0 where !bytes.isEmpty:
                    bytes[min(position, bytes.count - 1)] = UInt8.random(in: 0...255, using: &random)
                case 1 where !bytes.isEmpty:
                    let end = min(bytes.count, position + Int.random(in: 1...8, using: &random))
                    bytes.removeSubrange(min(position, end)..<end)
                case 2:
                    let other = inputs.randomElement(using: &random) ?? []
                    bytes.insert(contentsOf: other, at: position)
                default:
                    bytes.insert(contentsOf: Self.dictionary.randomElement(using: &random)!, at: position)
                }
            }
            // Long inputs add time, not cases: a terminal delivers input in short batches.
            if bytes.count > 512 { bytes.removeSubrange(512...) }
            if let problem = TerminalInputChecks.check(bytes) {
                Issue.record("\(problem); input base64 \(Data(bytes).base64EncodedString())")
                return
            }
        }
    }

    /// The checks themselves catch what they are for: a decoder that swallowed text, or let a
    /// control character through, would fail them.
    @Test func theChecksSeeWhatTheyLookFor() {
        #expect(TerminalInputChecks.rawInput([0xFF, 0x01, 0x03]) == [.key(.up)], "KEY_UP")
        #expect(TerminalInputChecks.rawInput([0xFF, 0x01, 0x9A]) == [.resize], "KEY_RESIZE")
        #expect(
            TerminalInputChecks.rawInput([0xC2, 0x9B, 0x9B, 0x41]) == [
                .character(0x9B), .character(0x9B), .character(0x41),
            ])
        #expect(TerminalInputChecks.expectedKey(0x9B) == nil)
        #expect(TerminalInputChecks.expectedKey(0x202E) == nil)
        #expect(TerminalInputChecks.expectedKey(13) == .enter)
    }
}

/// What the `terminal-input` properties found in the decoder, kept as plain cases (the inputs
/// are in the corpus too).
@Suite struct TerminalInputFuzzRegressionTests {
    static func events(_ text: String) -> [Event] {
        InputDecoder.events(text.unicodeScalars.map { .character($0.value) }).events
    }

    static func keys(_ text: String) -> [Key] { TerminalInputChecks.keys(events(text)) }

    /// An SGR mouse report with a number no terminal sends (a paste can carry anything)
    /// overflowed on the way to 0-based coordinates, and the trap ended the program.
    @Test func aMouseReportWithAnAbsurdNumberIsIgnored() {
        #expect(Self.events("\u{1B}[<0;-9223372036854775808;1M").isEmpty)
        #expect(Self.events("\u{1B}[<0;99999999999999999999;1M").isEmpty)
        guard case .click(let x, let y)? = Self.events("\u{1B}[<0;65535;65535M").first else {
            Issue.record("the largest report a terminal sends is a click")
            return
        }
        #expect(x == 65534 && y == 65534)
    }

    /// An escape sequence used to run until a final byte, however long and whatever came in
    /// between: Enter, Ctrl-C and everything typed after a broken one vanished into it.
    @Test func aBrokenEscapeSequenceDoesNotSwallowWhatFollows() {
        #expect(Self.keys("\u{1B}[1;5\rtyped") == [.enter, "t", "y", "p", "e", "d"])
        #expect(Self.keys("\u{1B}[1\u{03}") == [.control("c")])
        #expect(Self.keys("\u{1B}O\r") == [.enter])
        #expect(Self.keys("\u{1B}[<0;5é") == ["é"])
        let long = Self.keys("\u{1B}[" + String(repeating: "1;", count: 60) + "Aabc")
        #expect(long.suffix(3) == ["a", "b", "c"])
        #expect(!long.contains(.up), "a sequence longer than any key is no key")
        // Sequences terminals send are as they were.
        #expect(Self.keys("\u{1B}[1;5A\u{1B}[5~\u{1B}OAq") == [.up, .pageUp, .up, "q"])
    }
}
