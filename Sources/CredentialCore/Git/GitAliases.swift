/// Whether az devops' git aliases (`git pr`, `git repo`) are in the user's global git
/// configuration, read from the files directly rather than by running git.
enum GitAliases {
    static let expected = ["pr": "az repos pr", "repo": "az repos"]

    static func areConfigured(environment: Environment) -> Bool {
        var aliases: [String: String] = [:]
        for path in globalConfigFiles(environment) {
            guard let contents = try? SecureFile.read(path) else { continue }
            for (name, value) in INIDocument(parsing: contents.bytes).entries(section: "alias") {
                aliases[name] = value
            }
        }
        return expected.allSatisfy { name, command in aliases[name]?.contains(command) == true }
    }

    private static func globalConfigFiles(_ environment: Environment) -> [String] {
        if let explicit = environment.nonEmpty("GIT_CONFIG_GLOBAL") { return [explicit] }
        let home = environment.homeDirectory
        let xdg = environment.nonEmpty("XDG_CONFIG_HOME") ?? ConfigDirectory.join(home, ".config")
        return [ConfigDirectory.join(xdg, "git/config"), ConfigDirectory.join(home, ".gitconfig")]
    }
}
