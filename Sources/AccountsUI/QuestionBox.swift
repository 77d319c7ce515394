/// A box with a question, lines that explain it, and the keys that answer it: the question and
/// the keys always, the explanations as far as room allows.
enum QuestionBox {
    static func draw(
        _ frame: inout Frame, _ model: Model, title: String, question: String, body: [(String, Role)],
        width: Int = 72
    ) {
        let glyphs = model.glyphs
        let width = min(model.size.width - 4, width)
        let inner = width - 4
        let room = Box.maximumHeight(for: model.size) - 2
        var lines: [(String, Role)] = Text.wrap(question, inner).map { ($0, .dialogTitle) }
        var tail: [(String, Role)] = []
        for (text, role) in body {
            for line in Text.wrap(text, inner) { tail.append((line, role)) }
        }
        if lines.count + 1 + tail.count + 1 <= room { lines.append(("", .plain)) }
        lines += tail.prefix(max(0, room - lines.count - 1))
        lines = Array(lines.prefix(max(0, room - 1)))
        lines.append((KeyHints.line(for: model), .keyName))

        let box = Box(size: model.size, width: width, height: lines.count + 2)
        box.draw(&frame, title: title, glyphs: glyphs)
        for (offset, (text, role)) in lines.enumerated() {
            frame.write(
                Text.fit(text, inner, ellipsis: glyphs.ellipsis), x: box.innerX, y: box.innerTop + offset,
                style: Style(role))
        }
    }
}
