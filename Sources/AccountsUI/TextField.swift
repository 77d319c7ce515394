/// A one-line text input with a cursor (the organization in the login form, the filter).
struct TextField: Equatable, Sendable {
    private(set) var characters: [Character] = []
    /// Insertion point, 0...characters.count.
    private(set) var cursor = 0

    init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    var text: String { String(characters) }
    var isEmpty: Bool { characters.isEmpty }

    mutating func insert(_ character: Character) {
        characters.insert(character, at: cursor)
        cursor += 1
    }

    mutating func deleteBackward() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    mutating func moveLeft() { cursor = max(0, cursor - 1) }
    mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    mutating func moveToStart() { cursor = 0 }
    mutating func moveToEnd() { cursor = characters.count }

    mutating func clear() {
        characters.removeAll()
        cursor = 0
    }
}

extension TextField {
    /// A text-editing command (`Command.editsText`) on this field; others do nothing.
    mutating func edit(_ command: Command) {
        switch command {
        case .deleteBackward: deleteBackward()
        case .deleteForward: deleteForward()
        case .clearField: clear()
        case .caretLeft: moveLeft()
        case .caretRight: moveRight()
        case .caretStart: moveToStart()
        case .caretEnd: moveToEnd()
        default: break
        }
    }
}
