/// The `[defaults]` of az devops' `config` file (docs/storage.md §2): the default organization and
/// project, with the `AZURE_DEVOPS_EXT__DEFAULTS_*` overrides applied on reading.
public struct DevOpsConfig: Equatable, Sendable {
    public static let defaultsSection = "defaults"
    public static let settableKeys = ["organization", "project"]

    public struct Setting: Equatable, Sendable {
        public let value: String
        /// The environment variable the value came from, when one overrides the file.
        public let overriddenBy: String?
    }

    let document: INIDocument

    /// Every section and option in the file, values uninterpolated (for `configure --list`);
    /// computed when asked, not on every read of the file.
    public var sections: [(name: String, entries: [(name: String, value: String)])] {
        document.sectionNames.map { name in
            (name, document.entries(section: name).map { ($0.name, Self.interpolated($0.value)) })
        }
    }

    init(document: INIDocument) {
        self.document = document
    }

    /// The file's value, `%%` read as `%`; nil when absent or empty (empty means "not set").
    func fileValue(_ key: String) -> String? {
        guard let raw = document.value(section: Self.defaultsSection, option: key) else { return nil }
        let value = Self.interpolated(raw)
        return Self.isUnset(value) ? nil : value
    }

    /// The effective value: an environment override when the variable exists, else the file.
    func setting(_ key: String, environment: Environment) -> Setting? {
        let variable = Self.overrideVariable(for: key)
        if let value = environment[variable] {
            return Self.isUnset(value) ? nil : Setting(value: value, overriddenBy: variable)
        }
        return fileValue(key).map { Setting(value: $0, overriddenBy: nil) }
    }

    static func overrideVariable(for key: String) -> String {
        "AZURE_DEVOPS_EXT__" + defaultsSection.uppercased() + "_" + key.uppercased()
    }

    func settingValue(_ value: String, for key: String) -> DevOpsConfig {
        var document = document
        document.setValue(Self.escaped(value), section: Self.defaultsSection, option: key)
        return DevOpsConfig(document: document)
    }

    func rendered() -> [UInt8] { document.rendered() }

    /// az writes `''` for a cleared value in some releases and strips quotes on `configure`;
    /// both spellings mean "not set".
    static func isUnset(_ value: String) -> Bool {
        value.isEmpty || value == "''" || value == "\"\""
    }

    /// configparser's BasicInterpolation: `%%` is a literal `%`. Other `%` sequences, which
    /// Python would reject, are kept as written rather than failing.
    static func interpolated(_ raw: String) -> String {
        guard raw.contains("%") else { return raw }
        return raw.replacing("%%", with: "%")
    }

    static func escaped(_ value: String) -> String {
        value.replacing("%", with: "%%")
    }
}
