/// A bordered box centred in the area between the title line and the key line, cleared inside.
struct Box {
    let x: Int
    let y: Int
    let width: Int
    let height: Int

    var innerX: Int { x + 2 }
    var innerWidth: Int { width - 4 }
    var innerTop: Int { y + 1 }
    var innerHeight: Int { height - 2 }

    /// The tallest box that fits: from just under the title to just above the key line.
    static func maximumHeight(for size: Size) -> Int { size.height - 2 }

    init(size: Size, width: Int, height: Int) {
        self.width = min(width, size.width)
        self.height = min(height, Self.maximumHeight(for: size))
        x = (size.width - self.width) / 2
        let top = 1
        let bottom = size.height - 1
        y = top + max(0, (bottom - top - self.height) / 2)
    }

    func draw(_ frame: inout Frame, title: String, glyphs: Glyphs) {
        let box = glyphs.box
        let border = Style(.border)
        for row in y..<(y + height) { frame.fill(x: x, y: row, count: width, style: .plain) }
        frame.write(
            String(box.topLeft) + String(repeating: box.horizontal, count: width - 2) + String(box.topRight),
            x: x, y: y, style: border)
        frame.write(
            String(box.bottomLeft) + String(repeating: box.horizontal, count: width - 2)
                + String(box.bottomRight),
            x: x, y: y + height - 1, style: border)
        for row in (y + 1)..<(y + height - 1) {
            frame.write(String(box.vertical), x: x, y: row, style: border)
            frame.write(String(box.vertical), x: x + width - 1, y: row, style: border)
        }
        frame.write(" \(title) ", x: x + 2, y: y, style: Style(.dialogTitle), limit: width - 4)
    }
}
