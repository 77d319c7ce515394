#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A snapshot of the process environment. The core reads variables only through this value,
/// so tests can describe any environment without touching the real one.
public struct Environment: Sendable {
    public var variables: [String: String]

    public init(_ variables: [String: String]) {
        self.variables = variables
    }

    public static var current: Environment {
        Environment(ProcessInfo.processInfo.environment)
    }

    public subscript(name: String) -> String? {
        variables[name]
    }

    /// The value when the variable is set to something other than the empty string.
    func nonEmpty(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    var homeDirectory: String {
        if let home = nonEmpty("HOME") { return home }
        return UserAccount.current.homeDirectory ?? "/"
    }
}
