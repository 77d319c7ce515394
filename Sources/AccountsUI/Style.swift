/// What a cell means, not how it looks: the painter's theme turns a role into colours or, on a
/// monochrome terminal or with NO_COLOR, into bold, dim, underline and reverse video.
public enum Role: UInt8, CaseIterable, Sendable {
    case plain
    case title
    case banner
    case header
    case muted
    case keyName
    case defaultMark
    case marked
    case valid
    case rejected
    case unreachable
    case checking
    case error
    case success
    case border
    case dialogTitle
    case field
    case textCursor
    /// A token with less than a week left (EXPIRES).
    case expiresSoon
    /// A token past its expiry, in the warning colour.
    case expired
}

public struct Style: Hashable, Sendable {
    public var role: Role
    /// The row under the cursor: drawn in reverse video on top of the role.
    public var isHighlighted: Bool

    public init(_ role: Role, highlighted: Bool = false) {
        self.role = role
        self.isHighlighted = highlighted
    }

    public static let plain = Style(.plain)
}
