import ArgumentParser
import CredentialCore

/// `--detect true|false`, az's switch for finding the organization from the git remote of the
/// current directory; on unless turned off.
struct DetectOption: ParsableArguments {
    init() {}

    @Option(
        help: ArgumentHelp(
            "Find the organization from the Azure DevOps git remote of the current directory when --organization is not given, as az devops does: true (the default) or false.",
            valueName: "true|false"))
    var detect: DetectSwitch = .on

    var isOn: Bool { detect == .on }
}

enum DetectSwitch: String, ExpressibleByArgument {
    case on = "true"
    case off = "false"

    /// az compares without regard to case.
    init?(argument: String) {
        switch argument.lowercased() {
        case "true": self = .on
        case "false": self = .off
        default: return nil
        }
    }

    static var allValueStrings: [String] { ["true", "false"] }
    var defaultValueDescription: String { rawValue }
}

/// The stored organizations, as shell completion offers them: the bare name of an
/// organization on dev.azure.com, else its URL.
enum StoredOrganizations {
    static let completion = CompletionKind.custom { _, _, prefix in
        let organizations = (try? AccountManager(preference: nil).accounts().organizations) ?? []
        return organizations.map { OrganizationURL.bareName(of: $0.canonicalURL) ?? $0.canonicalURL }
            .filter { $0.hasPrefix(prefix) }
    }
}
