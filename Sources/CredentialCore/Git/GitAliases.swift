/// Whether az devops' git aliases (`git pr`, `git repo`) are in the user's global git
/// configuration, read from the files directly rather than by running git.
enum GitAliases {
    static let expected = ["pr": "az repos pr", "repo": "az repos"]

    /// The value az writes for an alias (azext_devops/dev/common/git.py): a shell function, so
    /// that `git pr list` runs `az repos pr list`.
    static func value(running command: String) -> String {
        "!f() { exec \(command) \"$@\"; }; f"
    }

    /// `configure --use-git-aliases true|false` as az does it, with `git config --global`:
    /// true sets both aliases (replacing whatever they were); false removes those whose value is
    /// exactly az's, and leaves an alias of the person's own under the same name alone.
    static func configure(_ enabled: Bool, environment: Environment) throws(CredentialError) {
        for (name, command) in expected.sorted(by: { $0.key < $1.key }) {
            let value = value(running: command)
            if enabled {
                _ = try GitSetup.gitConfig(
                    ["--global", "alias.\(name)", value], environment: environment, allowing: [])
            } else {
                // Exit status 5: there was no such value to remove.
                _ = try GitSetup.gitConfig(
                    ["--global", "--fixed-value", "--unset-all", "alias.\(name)", value],
                    environment: environment,
                    allowing: [5])
            }
        }
    }

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
