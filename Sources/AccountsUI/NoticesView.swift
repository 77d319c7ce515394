import CredentialCore

/// `b`: every banner in full, wrapped, for notices the banner lines cut ("… (+1 more)", doctor's
/// findings after the first). Scrolls like the help.
enum NoticesView {
    static func lines(_ model: Model, width: Int) -> [String] {
        var lines: [String] = []
        for (index, wordings) in model.bannerWordings.enumerated() {
            if index > 0 { lines.append("") }
            lines += Text.wrap(wordings[0], width)
        }
        if let doctor = model.doctor, !doctor.isHealthy {
            for finding in doctor.remaining.dropFirst() {
                lines.append("")
                lines += Text.wrap(Printable.sanitized(finding.message, limit: 400), width)
            }
        }
        return lines
    }

    static func boxWidth(_ size: Size) -> Int { min(size.width - 2, 76) }

    static func visibleLines(size: Size) -> Int { max(1, Box.maximumHeight(for: size) - 2) }

    static func maximumScroll(_ model: Model) -> Int {
        max(0, lines(model, width: boxWidth(model.size) - 4).count - visibleLines(size: model.size))
    }

    static func draw(_ frame: inout Frame, _ model: Model, scroll: Int) {
        let glyphs = model.glyphs
        let width = boxWidth(model.size)
        let all = lines(model, width: width - 4)
        let shown = min(all.count, visibleLines(size: model.size))
        let scroll = min(max(0, scroll), max(0, all.count - shown))
        let box = Box(size: model.size, width: width, height: max(1, shown) + 2)
        let more =
            all.count > shown
            ? " (\(glyphs.up)\(glyphs.down) \(scroll + 1)-\(scroll + shown) of \(all.count))" : ""
        box.draw(&frame, title: "Notices" + more, glyphs: glyphs)
        if all.isEmpty {
            frame.write("Nothing to report.", x: box.innerX, y: box.innerTop, style: Style(.muted))
            return
        }
        for (offset, line) in all[scroll..<(scroll + shown)].enumerated() {
            frame.write(
                line, x: box.innerX, y: box.innerTop + offset, style: Style(.plain), limit: box.innerWidth)
        }
    }
}
