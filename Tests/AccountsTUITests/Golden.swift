import Foundation
import Testing

@testable import AccountsUI

/// Frames kept as text under Golden/, so that a change to the screen is a diff someone reviews.
/// `UPDATE_GOLDEN=1 swift test --filter GoldenFrameTests` writes them anew.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")

    static var isUpdating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    static let legend =
        "styles: . plain, t title, b banner, h header, m muted, k key, d default mark, x marked, v valid, "
        + "r rejected, u unreachable, c checking, e error, s success, o border, i dialog title, f field, "
        + "n text cursor, w expires soon, y expired; in capitals (: for plain) on the cursor's row"

    /// The frame's text, every cell of it between bars, then its styles, one letter per cell
    /// (a wide character's second cell too, so that both blocks line up).
    static func render(_ frame: Frame, title: String) -> String {
        let rule = "+" + String(repeating: "-", count: frame.width) + "+\n"
        var text = title + "\n" + rule
        for y in 0..<frame.height {
            var line = ""
            for x in 0..<frame.width where !frame[x, y].isContinuation { line.append(frame[x, y].character) }
            text += "|" + line + "|\n"
        }
        text += rule
        for y in 0..<frame.height {
            text += "|" + String((0..<frame.width).map { letter(frame[$0, y].style) }) + "|\n"
        }
        return text + rule
    }

    static func letter(_ style: Style) -> Character {
        let letter: Character =
            switch style.role {
            case .plain: "."
            case .title: "t"
            case .banner: "b"
            case .header: "h"
            case .muted: "m"
            case .keyName: "k"
            case .defaultMark: "d"
            case .marked: "x"
            case .valid: "v"
            case .rejected: "r"
            case .unreachable: "u"
            case .checking: "c"
            case .error: "e"
            case .success: "s"
            case .border: "o"
            case .dialogTitle: "i"
            case .field: "f"
            case .textCursor: "n"
            case .expiresSoon: "w"
            case .expired: "y"
            }
        guard style.isHighlighted else { return letter }
        return letter == "." ? ":" : Character(letter.uppercased())
    }

    /// Compares `text` with Golden/`name`.txt, or writes it there when updating.
    static func check(_ text: String, name: String, sourceLocation: SourceLocation = #_sourceLocation) throws
    {
        let file = directory.appendingPathComponent(name + ".txt")
        let kept = try? String(contentsOf: file, encoding: .utf8)
        if isUpdating {
            if kept != text {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try text.write(to: file, atomically: true, encoding: .utf8)
            }
            return
        }
        guard let kept else {
            Issue.record(
                "No golden frame Golden/\(name).txt: write it with UPDATE_GOLDEN=1 and review it.",
                sourceLocation: sourceLocation)
            return
        }
        guard let difference = difference(kept, text) else { return }
        Issue.record(
            """
            Golden/\(name).txt differs (rewrite it with UPDATE_GOLDEN=1 if the change is meant, and \
            review the diff):
            \(difference)
            """, sourceLocation: sourceLocation)
    }

    /// The first lines that differ, as - kept / + now; nil when none does.
    static func difference(_ kept: String, _ text: String) -> String? {
        guard kept != text else { return nil }
        let old = kept.split(separator: "\n", omittingEmptySubsequences: false)
        let new = text.split(separator: "\n", omittingEmptySubsequences: false)
        var report: [String] = []
        for index in 0..<max(old.count, new.count) where old[safe: index] != new[safe: index] {
            report.append("line \(index + 1):\n- \(old[safe: index] ?? "")\n+ \(new[safe: index] ?? "")")
            if report.count == 8 { break }
        }
        return report.joined(separator: "\n")
    }
}
