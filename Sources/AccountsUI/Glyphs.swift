/// The symbols the screen uses, in a UTF-8 locale and in plain ASCII for terminals whose locale
/// is not UTF-8 (where `★` would arrive as `~X~E`).
public struct Glyphs: Equatable, Sendable {
    public let isUnicode: Bool
    public let defaultMark: String
    public let marked: String
    public let unmarked: String
    /// One per typed token character; never the character itself.
    public let mask: Character
    public let ellipsis: String
    public let separator: String
    public let spinner: [String]
    public let up: String
    public let down: String
    public let box: Box

    public struct Box: Equatable, Sendable {
        public let horizontal: Character
        public let vertical: Character
        public let topLeft: Character
        public let topRight: Character
        public let bottomLeft: Character
        public let bottomRight: Character
    }

    public static let unicode = Glyphs(
        isUnicode: true, defaultMark: "★", marked: "[x]", unmarked: "[ ]", mask: "•", ellipsis: "…",
        separator: "·", spinner: ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"], up: "↑", down: "↓",
        box: Box(
            horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘"))

    public static let ascii = Glyphs(
        isUnicode: false, defaultMark: "*", marked: "[x]", unmarked: "[ ]", mask: "*", ellipsis: "...",
        separator: "-", spinner: ["|", "/", "-", "\\"], up: "Up", down: "Down",
        box: Box(
            horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+"))
}
