/// What the screen should show: a grid of cells, each one character and a style. `view` builds
/// it from the model, the painter draws it, and tests read it without a terminal.
///
/// Every write goes through one gate that turns control characters into `?`, so nothing placed
/// in a frame (an organization name, a server's answer) can reach the terminal as an escape
/// sequence; with `asciiOnly`, non-ASCII characters become `?` as well.
public struct Frame: Equatable, Sendable, CustomStringConvertible {
    public struct Cell: Equatable, Sendable {
        public var character: Character
        public var style: Style
        /// The right half of the wide character in the cell before; drawn by that cell.
        public var isContinuation: Bool

        static let blank = Cell(character: " ", style: .plain, isContinuation: false)
    }

    public let width: Int
    public let height: Int
    public let asciiOnly: Bool
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, asciiOnly: Bool = false) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.asciiOnly = asciiOnly
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    // Inlinable: the painter, in another module, reads every cell of each row that changed.
    @inlinable
    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Whether row `y` holds the same cells in both frames (of the same width): compared here,
    /// where the comparison of cells is specialised, for the painter's every row on every key.
    public func hasSameRow(_ y: Int, as other: Frame) -> Bool {
        let start = y * width
        return cells[start..<(start + width)] == other.cells[start..<(start + width)]
    }

    /// Writes text from column `x`, clipped to `limit` columns and to the right edge; returns the
    /// number of columns written. A wide character that does not fit is replaced by a space.
    @discardableResult
    mutating func write(_ text: some StringProtocol, x: Int, y: Int, style: Style, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, limit.map { x + max(0, $0) } ?? width)
        var column = x
        for character in text {
            guard column < end else { break }
            let (shown, columns) = displayable(character)
            if columns == 0 { continue }
            if column + columns > end {
                if column >= 0 {
                    put(Cell(character: " ", style: style, isContinuation: false), at: column, y)
                }
                column += 1
                break
            }
            if column >= 0 {
                put(Cell(character: shown, style: style, isContinuation: false), at: column, y)
                if columns == 2 {
                    put(Cell(character: " ", style: style, isContinuation: true), at: column + 1, y)
                }
            }
            column += columns
        }
        return max(0, column - x)
    }

    /// Blanks `count` cells of a row with a style.
    mutating func fill(x: Int, y: Int, count: Int, style: Style) {
        guard y >= 0, y < height else { return }
        let start = max(0, x)
        let end = min(width, x + count)
        guard start < end else { return }
        for column in start..<end {
            put(Cell(character: " ", style: style, isContinuation: false), at: column, y)
        }
    }

    /// Changes the style of cells already written, keeping their characters.
    mutating func restyle(x: Int, y: Int, count: Int, _ change: (inout Style) -> Void) {
        guard y >= 0, y < height else { return }
        let start = max(0, x)
        let end = min(width, x + count)
        guard start < end else { return }
        for column in start..<end { change(&cells[y * width + column].style) }
    }

    private mutating func put(_ cell: Cell, at x: Int, _ y: Int) {
        let index = y * width + x
        // Overwriting half of a wide character leaves its other half as a blank.
        if cells[index].isContinuation, x > 0, !cell.isContinuation {
            cells[index - 1] = Cell(character: " ", style: cells[index - 1].style, isContinuation: false)
        }
        if !cells[index].isContinuation, x + 1 < width, cells[index + 1].isContinuation {
            cells[index + 1] = Cell(character: " ", style: cells[index + 1].style, isContinuation: false)
        }
        cells[index] = cell
    }

    /// The character as it may be drawn, and its width.
    private func displayable(_ character: Character) -> (Character, Int) {
        if character.unicodeScalars.contains(where: Self.isUnsafe) { return ("?", 1) }
        let columns = TextWidth.columns(of: character)
        if columns == 0 { return (character, 0) }
        if asciiOnly, !character.isASCII { return ("?", 1) }
        return (character, columns)
    }

    /// C0 and C1 controls, DEL, and the bidirectional overrides that reorder what follows.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2066...0x2069).contains(value)
    }

    // MARK: - Reading, for tests and captures

    /// One row as text, trailing spaces removed.
    public func line(_ y: Int) -> String {
        var text = ""
        for x in 0..<width where !self[x, y].isContinuation { text.append(self[x, y].character) }
        while text.last == " " { text.removeLast() }
        return text
    }

    public var lines: [String] { (0..<height).map(line) }

    public var text: String { lines.joined(separator: "\n") }

    public var description: String { "\n" + text }

    public func contains(_ text: String) -> Bool { lines.contains { $0.contains(text) } }

    /// The first row containing `text`.
    public func row(containing text: String) -> Int? { lines.firstIndex { $0.contains(text) } }

    /// The style at the first cell of the first occurrence of `text`.
    public func style(of text: String) -> Style? {
        guard let y = row(containing: text) else { return nil }
        let line = self.line(y)
        guard let range = line.firstRange(of: text) else { return nil }
        let prefixColumns = TextWidth.columns(of: line[..<range.lowerBound])
        var column = 0
        for x in 0..<width where !self[x, y].isContinuation {
            if column == prefixColumns { return self[x, y].style }
            column += TextWidth.columns(of: self[x, y].character)
        }
        return nil
    }
}
