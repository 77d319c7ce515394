// The properties every parser of outside input must keep, whatever the bytes. Each check returns
// nil or what went wrong. The libFuzzer targets (Tests/Fuzz) turn a failure into a crash; the
// suite (CredentialCoreTests/FuzzCorpusReplayTests, through a link to this file) replays the
// committed corpus and seeded mutations of it through the same checks.

@testable import CredentialCore

public enum FuzzTarget: String, CaseIterable, Sendable {
    case ini
    case organizationURL = "organization-url"
    case connectionData = "connection-data"
    case tokenInput = "token-input"
    case organizationList = "organization-list"
    case credentialKey = "credential-key"
    case printable
    case devOpsConfig = "devops-config"
    case azureProfile = "azure-profile"

    public func check(_ bytes: [UInt8]) -> String? {
        switch self {
        case .ini: FuzzChecks.ini(bytes)
        case .organizationURL: FuzzChecks.organizationURL(bytes)
        case .connectionData: FuzzChecks.connectionData(bytes)
        case .tokenInput: FuzzChecks.tokenInput(bytes)
        case .organizationList: FuzzChecks.organizationList(bytes)
        case .credentialKey: FuzzChecks.credentialKey(bytes)
        case .printable: FuzzChecks.printable(bytes)
        case .devOpsConfig: FuzzChecks.devOpsConfig(bytes)
        case .azureProfile: FuzzChecks.azureProfile(bytes)
        }
    }
}

public enum FuzzChecks {
    /// INI (config and the token file): rendering is stable; a document nobody changed renders
    /// byte for byte, whatever its line endings and bytes (a UTF-8 byte-order mark aside, which
    /// is dropped); a value set reads back, and nothing else moves; a removed section is gone
    /// and the others are intact.
    static func ini(_ bytes: [UInt8]) -> String? {
        let document = INIDocument(parsing: bytes)
        let rendered = document.rendered()
        let again = INIDocument(parsing: rendered)
        if again.rendered() != rendered { return "render(parse(render(x))) != render(x)" }
        if let problem = sameEntries(document, again, except: nil) {
            return "parse(render(x)) differs: \(problem)"
        }
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let body = bytes.starts(with: mark) ? Array(bytes.dropFirst(3)) : bytes
        if rendered != (body.starts(with: mark) ? mark + body : body) {
            return "an unchanged document is not rendered byte for byte"
        }

        // The token file's look-up scans instead of parsing; it must read what the document reads.
        let scan = INIScan(bytes)
        for name in document.sectionNames {
            let scanned = FileCredentialStore.tokenBytes(in: scan, section: name).map {
                String(decoding: $0, as: UTF8.self)
            }
            let parsed = document.value(section: name, option: FileCredentialStore.option)
            if scanned != (parsed?.isEmpty == true ? nil : parsed) {
                return
                    "the token look-up of [\(name)] reads \(String(describing: scanned)), the document \(String(describing: parsed))"
            }
        }

        let section = document.sectionNames.first ?? "azdevops-cli: default"
        for option in ["personal access token", "organization"] {
            var changed = document
            let value = "v%1-" + String(bytes.count)
            changed.setValue(value, section: section, option: option)
            let reread = INIDocument(parsing: changed.rendered())
            if reread.value(section: section, option: option) != value {
                return
                    "setValue then parse reads \(String(describing: reread.value(section: section, option: option))), not \(value)"
            }
            if let problem = sameEntries(document, reread, except: (section, option)) {
                return "setValue moved something: \(problem)"
            }
        }
        if let victim = document.sectionNames.last {
            var removed = document
            removed.removeSection(victim)
            let reread = INIDocument(parsing: removed.rendered())
            if reread.hasSection(victim) { return "a removed section is still there" }
            for name in document.sectionNames where name != victim {
                if !equal(document.entries(section: name), reread.entries(section: name)) {
                    return "removing [\(victim)] changed [\(name)]"
                }
            }
        }
        return nil
    }

    /// Organization URLs: parsing never crashes; an accepted URL has a key without controls, with
    /// whitespace only inside its path, that reads back as itself and whose own URL gives the same
    /// key (idempotent); the connectionData address carries no user information, whitespace or
    /// control; what is shown about the host is inert; errors carry no control characters.
    static func organizationURL(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        let organization: OrganizationURL
        do {
            organization = try OrganizationURL(text)
        } catch {
            return inert(error.message)
                ? nil : "an error message is not inert: \(error.message.debugDescription)"
        }
        let key = organization.key
        if key.rawValue.unicodeScalars.contains(where: \.isControl) { return "the key has a control" }
        let schemeAndAuthority = key.rawValue.split(
            separator: "/", maxSplits: 3, omittingEmptySubsequences: false
        )
        .prefix(3).joined(separator: "/")
        if schemeAndAuthority.unicodeScalars.contains(where: \.properties.isWhitespace) {
            return "whitespace before the key's path"
        }
        if CredentialKey(stored: key.rawValue) != key {
            return "the key does not read back: \(key.rawValue.debugDescription)"
        }
        guard let keyURL = key.organizationURL else { return "an organization key without a URL" }
        guard let fromKey = try? OrganizationURL(keyURL) else {
            return "the key's URL is refused: \(keyURL.debugDescription)"
        }
        // az's urlparse splits ";params" off the last path segment only, so a ';' in a first
        // segment followed by more segments stays in the key and is split off when that key is
        // parsed again. Keys must match az's, so this one exception is kept (organization names
        // cannot contain ';'); see FuzzRegressionTests.
        if fromKey.key != key && !keyURL.unicodeScalars.contains(";") {
            return
                "key(key URL) != key: \(fromKey.key.rawValue.debugDescription) vs \(key.rawValue.debugDescription)"
        }
        if OrganizationURL(key: key) == nil { return "OrganizationURL(key:) refuses its own key" }
        // What goes into config (a pasted address reduced to its organization) reads back as
        // the same organization, and is not reduced again.
        guard let fromURL = try? OrganizationURL(organization.url) else {
            return "the organization's own URL is refused: \(organization.url.debugDescription)"
        }
        if fromURL.key != key || fromURL.url != organization.url {
            return "the organization's URL reads back differently: \(organization.url.debugDescription)"
        }
        let address = organization.connectionDataURL
        guard address.hasSuffix("/_apis/connectionData"), address.hasPrefix("http") else {
            return "odd connectionData URL \(address)"
        }
        let authority =
            address.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2).first ?? ""
        if authority.contains("@") { return "user information in the connectionData URL" }
        if address.unicodeScalars.contains(where: \.isWhitespaceOrControl) {
            return "whitespace or a control in \(address.debugDescription)"
        }
        if let warning = organization.hostWarning, !inert(warning) { return "the host warning is not inert" }
        if !inert(organization.displayName) { return "the display name is not inert" }
        for allowing in [false, true] {
            if let refusal = organization.cleartextRefusal(allowingHTTP: allowing), !inert(refusal.message) {
                return "a cleartext refusal is not inert"
            }
        }
        return nil
    }

    /// connectionData answers: never a crash; results carry inert reasons; the identity is shown
    /// through Printable, which makes it inert.
    static func connectionData(_ bytes: [UInt8]) -> String? {
        let status = bytes.first.map { [200, 203, 302, 401, 404, 500, 200, 200][Int($0) % 8] } ?? 200
        let body = Array(bytes.dropFirst())
        _ = AuthenticatedUser.parse(body)
        let result = ConnectionDataClassifier.classify(
            .init(
                status: status, body: body, bodyTruncated: bytes.count % 97 == 0,
                redirectLocation: String(decoding: body.prefix(40), as: UTF8.self)),
            bodyLimit: 262_144)
        if let reason = result.reason, !inert(reason) {
            return "a reason is not inert: \(reason.debugDescription)"
        }
        if let identity = result.identity {
            if identity.id.isEmpty { return "a valid result without an id" }
            if identity.id.lowercased() == ConnectionDataClassifier.anonymousUserID {
                return "the anonymous user counted as valid"
            }
            if !inert(Printable.sanitized(identity.displayName)) {
                return "the display name is not made inert"
            }
        }
        return nil
    }

    /// Typed or piped tokens: an accepted token is 1…1,024 characters with no whitespace or
    /// control, equal to the input less whitespace at both ends; refusals are fixed messages.
    static func tokenInput(_ bytes: [UInt8]) -> String? {
        do {
            let token = try PersonalAccessToken(entered: bytes)
            let value = token.revealed
            if value.isEmpty || value.unicodeScalars.count > PersonalAccessToken.maximumLength {
                return "bad length \(value.count)"
            }
            if value.unicodeScalars.contains(where: { $0.isControl || $0.properties.isWhitespace }) {
                return "accepted a control or space"
            }
            let edge: [UInt8] = [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F]
            var start = 0
            var end = bytes.count
            while end > 0, edge.contains(bytes[end - 1]) { end -= 1 }
            while start < end, edge.contains(bytes[start]) { start += 1 }
            if Array(value.utf8) != Array(bytes[start..<end]) {
                return "the token is not the input less whitespace at both ends"
            }
            if "\(token)" != "<redacted>" || String(reflecting: token) != "<redacted>" {
                return "a token is not redacted"
            }
        } catch {
            if !error.message.hasPrefix("The token ") || !error.message.hasSuffix("nothing was stored.") {
                return "unexpected message \(error.message.debugDescription)"
            }
        }
        return nil
    }

    /// organization_list: only valid keys are listed, each once; rendering drops blank lines and
    /// keeps the rest; add and remove do what they say and survive a round trip.
    static func organizationList(_ bytes: [UInt8]) -> String? {
        let list = OrganizationList(parsing: bytes)
        let keys = list.keys
        if Set(keys).count != keys.count { return "a key listed twice" }
        for key in keys where CredentialKey(stored: key.rawValue) != key { return "an invalid key listed" }
        let rendered = list.rendered()
        let again = OrganizationList(parsing: rendered)
        if again.keys != keys { return "keys change on a round trip" }
        if again.rendered() != rendered { return "rendering is not stable" }
        if rendered.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
            .contains(where: {
                String(decoding: $0, as: UTF8.self).trimmingTrailingWhitespace.isEmpty
            })
        {
            return "a blank line is rendered"
        }
        var changed = list
        let added = CredentialKey(organizationKey: "https://dev.azure.com/fuzz-added")
        let victim = keys.first { $0 != added }
        changed.add(added)
        if let victim { changed.remove(victim) }
        let reread = OrganizationList(parsing: changed.rendered())
        if !reread.contains(added) { return "an added key is lost" }
        if let victim, reread.contains(victim) { return "a removed key is still there" }
        if reread.keys.filter({ $0 != added }) != keys.filter({ $0 != added && $0 != victim }) {
            return "other keys moved"
        }
        return nil
    }

    /// Keys read back from stores: every text with az's prefix is a key, kept verbatim (az keeps
    /// whatever its URL parser let through); one that is an organization has a clean
    /// connectionData address; how messages name a key is inert.
    static func credentialKey(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let key = CredentialKey(stored: text) else {
            return text.hasPrefix(CredentialKey.prefix) ? "a key with az's prefix is refused" : nil
        }
        if key.rawValue != text { return "the key is not the text" }
        if !inert(key.spokenName) { return "the key's name in messages is not inert" }
        // The listing's fast path agrees with the full parse on every key it takes.
        if let url = key.organizationURL, let host = OrganizationURL.plainKeyHost(url) {
            guard let organization = OrganizationURL(key: key) else { return "the fast path takes a raw key" }
            if organization.parts.host.name != host { return "the fast path finds another host" }
        }
        if let organization = OrganizationURL(key: key),
            organization.connectionDataURL.unicodeScalars.contains(where: \.isWhitespaceOrControl)
        {
            return "whitespace or a control in the connectionData address of a stored key"
        }
        return nil
    }

    /// Whatever the text, the output drives no terminal: no C0 or C1 control, no DEL, no
    /// bidirectional override or other format character, and its length is bounded.
    static func printable(_ bytes: [UInt8]) -> String? {
        let limit = bytes.first.map { Int($0) } ?? 200
        let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
        let output = Printable.sanitized(text, limit: limit)
        if !inert(output) { return "not inert: \(output.debugDescription)" }
        if output.unicodeScalars.count > max(limit, 0) * 12 + 1 { return "longer than the limit allows" }
        let quoted = Printable.quoted(text)
        if !inert(quoted) { return "quoted text is not inert" }
        let json = Printable.inertJSON(text)
        if json.unicodeScalars.contains(where: { $0.value >= 0x7F && !inert(String($0)) }) {
            return "inertJSON left a control"
        }
        if !text.unicodeScalars.contains(where: { $0.value >= 0x7F && !inert(String($0)) }) && json != text {
            return "inertJSON changed text that needed nothing"
        }
        return nil
    }

    /// `config` as az's defaults: a value set reads back through render and parse, `%` and all.
    static func devOpsConfig(_ bytes: [UInt8]) -> String? {
        let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        let value = String(decoding: bytes[..<newline], as: UTF8.self)
        let file = Array(bytes[min(newline + 1, bytes.count)...])
        let config = DevOpsConfig(document: INIDocument(parsing: file))
        _ = config.setting("organization", environment: Environment([:]))
        guard !value.unicodeScalars.contains(where: { $0.isControl }),
            value == value.trimmed(of: " \t\u{0B}\u{0C}"),
            !value.unicodeScalars.contains(where: { $0.properties.isWhitespace && $0 != " " })
        else { return nil }
        let changed = config.settingValue(value, for: "project")
        let reread = DevOpsConfig(document: INIDocument(parsing: changed.rendered()))
        let expected: String? = DevOpsConfig.isUnset(value) ? nil : value
        if reread.fileValue("project") != expected {
            return
                "project set to \(value.debugDescription) reads back as \(String(describing: reread.fileValue("project")))"
        }
        if reread.fileValue("organization") != config.fileValue("organization") {
            return "setting project moved the organization"
        }
        return nil
    }

    /// azureProfile.json: never a crash; nil or accounts, default subscription first.
    static func azureProfile(_ bytes: [UInt8]) -> String? {
        guard let accounts = AzureProfile.accounts(from: bytes) else { return nil }
        let defaults = accounts.prefix { $0.isDefault }.count
        if accounts.dropFirst(defaults).contains(where: \.isDefault) {
            return "a default account after a non-default one"
        }
        if accounts.contains(where: { $0.userName.isEmpty }) { return "an account without a user name" }
        return nil
    }

    // MARK: - Helpers

    /// Nothing a terminal would act on: C0, DEL, C1, format characters (bidi overrides included),
    /// line and paragraph separators.
    static func inert(_ text: String) -> Bool {
        !text.unicodeScalars.contains { $0.isControl || (0x80...0x9F).contains($0.value) }
    }

    static func equal(_ left: [(name: String, value: String)], _ right: [(name: String, value: String)])
        -> Bool
    {
        left.count == right.count
            && zip(left, right).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    static func sameEntries(
        _ left: INIDocument, _ right: INIDocument, except: (section: String, option: String)?
    ) -> String? {
        for name in Set(left.sectionNames).union(right.sectionNames) {
            var before = left.entries(section: name)
            var after = right.entries(section: name)
            if let except, except.section == name {
                before.removeAll { $0.name == except.option }
                after.removeAll { $0.name == except.option }
            }
            if !equal(before, after) {
                return
                    "[\(name)]: \(before.map { "\($0.name)=\($0.value)" }) vs \(after.map { "\($0.name)=\($0.value)" })"
            }
        }
        return nil
    }
}

extension String {
    fileprivate func trimmed(of set: String) -> String {
        var scalars = Array(unicodeScalars)
        while let first = scalars.first, set.unicodeScalars.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.unicodeScalars.contains(last) { scalars.removeLast() }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
