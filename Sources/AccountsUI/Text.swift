/// Fitting text into columns.
enum Text {
    /// The text, cut with an ellipsis when it is wider than `columns`.
    static func fit(_ text: String, _ columns: Int, ellipsis: String) -> String {
        guard columns > 0 else { return "" }
        if TextWidth.columns(of: text) <= columns { return text }
        let room = columns - TextWidth.columns(of: ellipsis)
        guard room > 0 else { return String(ellipsis.prefix(columns)) }
        var result = ""
        var used = 0
        for character in text {
            let width = TextWidth.columns(of: character)
            if used + width > room { break }
            result.append(character)
            used += width
        }
        return result + ellipsis
    }

    /// The text cut in the middle when it is wider than `columns`: its start and its end stay,
    /// which tell organizations apart better than the start alone (`…-international` from
    /// `…-internal`).
    static func fitMiddle(_ text: String, _ columns: Int, ellipsis: String) -> String {
        guard columns > 0 else { return "" }
        if TextWidth.columns(of: text) <= columns { return text }
        let room = columns - TextWidth.columns(of: ellipsis)
        guard room > 1 else { return fit(text, columns, ellipsis: ellipsis) }
        let characters = Array(text)
        var tail: [Character] = []
        var used = 0
        for character in characters.reversed() {
            let width = TextWidth.columns(of: character)
            if used + width > room / 2 { break }
            tail.insert(character, at: 0)
            used += width
        }
        var head = ""
        for character in characters {
            let width = TextWidth.columns(of: character)
            if used + width > room { break }
            head.append(character)
            used += width
        }
        return head + ellipsis + String(tail)
    }

    /// Words wrapped into lines of at most `columns`; a word longer than a line is cut.
    static func wrap(_ text: String, _ columns: Int) -> [String] {
        guard columns > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        var used = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = String(word)
            var width = TextWidth.columns(of: word)
            if used > 0, used + 1 + width > columns {
                lines.append(line)
                line = ""
                used = 0
            }
            while width > columns {
                var head = ""
                var headWidth = 0
                var rest = Substring(word)
                while let character = rest.first,
                    headWidth + TextWidth.columns(of: character) <= columns - used
                {
                    head.append(character)
                    headWidth += TextWidth.columns(of: character)
                    rest = rest.dropFirst()
                }
                if head.isEmpty {
                    lines.append(line)
                    line = ""
                    used = 0
                    continue
                }
                lines.append(line + head)
                line = ""
                used = 0
                word = String(rest)
                width = TextWidth.columns(of: word)
            }
            if used > 0 {
                line += " "
                used += 1
            }
            line += word
            used += width
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
