/// The organization a command is for, chosen in az devops' order: the `--organization`
/// argument; then, with detection on (az's `--detect`, on unless turned off), the Azure DevOps
/// git remote of the current directory; then the default organization.
public struct OrganizationResolution: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        case argument
        case gitRemote(RepositoryContext)
        /// `[defaults] organization`, or the variable that overrides it.
        case defaultOrganization(overriddenBy: String?)
    }

    /// Nil when nothing names an organization.
    public let organization: OrganizationURL?
    public let source: Source?

    /// The project the git remote names (percent-decoded), when the organization came from it.
    public var project: String? {
        guard case .gitRemote(let context) = source else { return nil }
        return Self.percentDecoded(context.remote.project)
    }

    /// A stable word for JSON: argument, gitRemote, default.
    public var label: String? {
        switch source {
        case .argument?: "argument"
        case .gitRemote?: "gitRemote"
        case .defaultOrganization?: "default"
        case nil: nil
        }
    }

    /// Where the organization came from, for people: "from the git remote 'origin'
    /// (git@ssh.dev.azure.com:v3/fabrikam/Web/site)", "the default organization".
    public var origin: String {
        switch source {
        case .argument?: return "as named"
        case .gitRemote(let context)?:
            let cache = context.fromAzureCache ? ", as az's cache of the service's answer says" : ""
            return
                "from the git remote '\(Printable.sanitized(context.remoteName))' (\(Printable.sanitized(context.remoteURL)))\(cache)"
        case .defaultOrganization(let variable?)?: return "the default organization, from \(variable)"
        case .defaultOrganization(nil)?: return "the default organization"
        case nil: return "no organization"
        }
    }

    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var input = Array(text.utf8)[...]
        while let byte = input.popFirst() {
            // Two hex digits, as git and Python decode: UInt8(_:radix:) alone takes "+A" too.
            if byte == UInt8(ascii: "%"), input.count >= 2, input.prefix(2).allSatisfy(\.isHexDigit),
                let value = UInt8(String(decoding: input.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                input = input.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension AccountManager {
    /// The organization a command without `--organization` is for, as az resolves it (see
    /// `OrganizationResolution`). `directory` is where to look for a git remote (the current
    /// directory when nil). Reads no secret.
    public func resolveOrganization(_ argument: String?, detect: Bool = true, directory: String? = nil)
        throws(CredentialError) -> OrganizationResolution
    {
        if let argument {
            return OrganizationResolution(organization: try OrganizationURL(argument), source: .argument)
        }
        if detect, let context = detectRepository(in: directory) {
            let organization: OrganizationURL
            do { organization = try OrganizationURL(context.organizationURL) } catch {
                throw .invalidInput(
                    "The git remote '\(Printable.sanitized(context.remoteName))' names the organization \(Printable.quoted(context.organizationURL)), which is not usable: \(error.message)",
                    hint: .nameOrganizationOrIgnoreRemote)
            }
            return OrganizationResolution(organization: organization, source: .gitRemote(context))
        }
        let variable = DevOpsConfig.overrideVariable(for: "organization")
        guard let organization = try defaultOrganization() else {
            return OrganizationResolution(organization: nil, source: nil)
        }
        return OrganizationResolution(
            organization: organization,
            source: .defaultOrganization(overriddenBy: environment[variable] != nil ? variable : nil))
    }

    /// The Azure DevOps repository of a directory, as az detects it.
    public func detectRepository(in directory: String? = nil) -> RepositoryContext? {
        RepositoryContext.detect(in: directory, environment: environment, configDirectory: self.directory)
    }

    /// The organization `use NAME` means: a name that is not itself stored stands for the one
    /// stored organization it matches (`OrganizationMatch`); several are an error that lists
    /// them; none, the name's own organization.
    public func organization(typedForUse typed: String) throws(CredentialError) -> OrganizationURL {
        let organization = try OrganizationURL(typed)
        guard OrganizationURL.isBareName(typed) else { return organization }
        let stored = try accounts().organizations
        if stored.contains(where: { $0.key == organization.key }) { return organization }
        switch OrganizationMatch.find(typed, among: stored) {
        case .none: return organization
        case .unique(let match): return match
        case .ambiguous(let matches):
            throw .invalidInput(
                "'\(Printable.sanitized(typed))' matches \(matches.count) stored organizations: \(OrganizationMatch.names(matches)); type more of the name."
            )
        }
    }

    /// Stored organizations with a token that a name typed on the command line may have meant,
    /// when it expanded to `organization`, which has no token of its own. Empty when the name
    /// was a URL, or nothing else matches.
    public func suggestions(for typed: String, expandedTo organization: OrganizationURL)
        throws(CredentialError)
        -> [OrganizationURL]
    {
        guard OrganizationURL.isBareName(typed) else { return [] }
        let list = try accounts()
        if list.row(for: organization.key)?.hasToken == true { return [] }
        let stored = list.rows.filter { $0.hasToken && $0.key != organization.key }.compactMap {
            OrganizationURL(key: $0.key)
        }
        switch OrganizationMatch.find(typed, among: stored) {
        case .none: return []
        case .unique(let match): return [match]
        case .ambiguous(let matches): return matches
        }
    }
}

extension DevOpsDefaults {
    /// The default organization (with any override applied) and the one before it, for `use`.
    public struct Current: Sendable, Equatable {
        public let organization: DevOpsConfig.Setting?
        /// What `use -` switches back to.
        public let previous: String?
    }

    public func current() throws(CredentialError) -> Current {
        let files = DirectoryFiles(directory: directory)
        return Current(
            organization: try files.readConfig().setting("organization", environment: environment),
            previous: try files.readPreviousOrganization())
    }
}

extension UInt8 {
    var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
