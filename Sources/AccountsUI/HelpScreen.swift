/// The keymap's documented keys, shown on `?`.
public enum HelpScreen {
    public struct Section: Sendable {
        public let title: String
        public let entries: [(keys: String, action: String)]
    }

    /// Each section of the keymap with the keys it documents; the keys it leaves out (another key
    /// for a listed command, a field's editing keys) are not listed.
    public static func sections(_ glyphs: Glyphs) -> [Section] {
        Keymap.sections.compactMap { section in
            let entries = section.bindings.compactMap { binding in
                binding.help.map { (keys: binding.helpName(glyphs), action: $0) }
            }
            return entries.isEmpty ? nil : Section(title: section.title, entries: entries)
        }
    }

    static let keyColumn = 16

    /// Every line of the help, with its role.
    static func lines(_ glyphs: Glyphs) -> [(String, String, Role)] {
        var lines: [(String, String, Role)] = []
        for (index, section) in sections(glyphs).enumerated() {
            if index > 0 { lines.append(("", "", .plain)) }
            lines.append((section.title, "", .dialogTitle))
            for entry in section.entries { lines.append((entry.keys, entry.action, .keyName)) }
        }
        return lines
    }

    static func visibleLines(size: Size) -> Int { max(1, Box.maximumHeight(for: size) - 2) }

    static func maximumScroll(size: Size, glyphs: Glyphs) -> Int {
        max(0, lines(glyphs).count - visibleLines(size: size))
    }

    static func draw(_ frame: inout Frame, _ model: Model, scroll: Int) {
        let glyphs = model.glyphs
        let all = lines(glyphs)
        let shown = min(all.count, visibleLines(size: model.size))
        let scroll = min(max(0, scroll), max(0, all.count - shown))
        let box = Box(size: model.size, width: min(model.size.width - 2, 72), height: shown + 2)
        let more =
            all.count > shown
            ? " (\(glyphs.up)\(glyphs.down) \(scroll + 1)-\(scroll + shown) of \(all.count))" : ""
        box.draw(&frame, title: "Keys" + more, glyphs: glyphs)
        for (offset, line) in all[scroll..<(scroll + shown)].enumerated() {
            let y = box.innerTop + offset
            if line.2 == .dialogTitle {
                frame.write(line.0, x: box.innerX, y: y, style: Style(.dialogTitle), limit: box.innerWidth)
                continue
            }
            frame.write(line.0, x: box.innerX, y: y, style: Style(.keyName), limit: keyColumn - 1)
            frame.write(
                Text.fit(line.1, box.innerWidth - keyColumn, ellipsis: glyphs.ellipsis),
                x: box.innerX + keyColumn, y: y,
                style: Style(.plain))
        }
    }
}
