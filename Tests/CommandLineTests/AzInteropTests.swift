import Foundation
import TestSupport
import Testing

/// Python's configparser, read and written the way az devops does, against our files.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") || pythonPath != nil))
struct AzInteropTests {
    /// Reads the three files as az does and prints what az would see.
    static let azReader = #"""
        import configparser, os, sys
        d = sys.argv[1]
        config = configparser.ConfigParser()
        config.read(os.path.join(d, "config"))
        print("organization=" + config.get("defaults", "organization", fallback="<none>"))
        print("project=" + config.get("defaults", "project", fallback="<none>"))
        tokens = configparser.ConfigParser(interpolation=None)
        tokens.read(os.path.join(d, "personalAccessTokens"))
        for section in tokens.sections():
            print(section + "=" + tokens.get(section, "personal access token"))
        with open(os.path.join(d, "organization_list")) as f:
            print("index=" + ",".join(line.rstrip() for line in f))
        """#

    /// What az's set_credential and configure do, with configparser.
    static let azWriter = #"""
        import configparser, os, sys
        d = sys.argv[1]
        tokens = configparser.ConfigParser(interpolation=None)
        tokens.read(os.path.join(d, "personalAccessTokens"))
        key = "azdevops-cli:https://dev.azure.com/writtenbyaz"
        if key not in tokens.sections():
            tokens.add_section(key)
        tokens.set(key, "Personal Access Token", "az-token")
        with open(os.path.join(d, "personalAccessTokens"), "w+") as f:
            tokens.write(f)
        with open(os.path.join(d, "organization_list"), "a+") as f:
            f.write(key + "\n")
        config = configparser.ConfigParser()
        config.read(os.path.join(d, "config"))
        if not config.has_section("defaults"):
            config.add_section("defaults")
        config.set("defaults", "project", "50%% off")
        with open(os.path.join(d, "config"), "w") as f:
            config.write(f)
        """#

    func python(_ script: String, _ directory: String) throws -> ChildProcess.Result {
        try ChildProcess.run(
            [pythonPath ?? "/usr/bin/python3", "-c", script, directory], environment: ["PATH": inheritedPath])
    }

    @Test func azReadsWhatWeWrite() throws {
        let cli = try CLI()
        try cli.run("login", "--org", "https://dev.azure.com/Contoso/", "--skip-verify", input: "pat%one\n")
        try cli.run("login", input: "pat-default\n")
        try cli.run("configure", "--defaults", "project=100% done")
        let seen = try python(Self.azReader, cli.configDirectory)
        #expect(seen.status == 0, "\(seen.standardError)")
        #expect(
            seen.standardOutput == """
                organization=https://dev.azure.com/Contoso/
                project=100% done
                azdevops-cli:https://dev.azure.com/contoso=pat%one
                azdevops-cli: default=pat-default
                index=azdevops-cli:https://dev.azure.com/contoso,azdevops-cli: default

                """)
    }

    @Test func weReadWhatAzWritesAndWriteWhatAzWouldWrite() throws {
        let cli = try CLI()
        try cli.run("login", "--org", "contoso", "--skip-verify", input: "ours\n")
        let written = try python(Self.azWriter, cli.configDirectory)
        #expect(written.status == 0, "\(written.standardError)")
        #expect(try cli.run("token", "--org", "writtenbyaz").standardOutput == "az-token\n")
        #expect(try cli.run("list").standardOutput.contains("https://dev.azure.com/writtenbyaz"))
        let afterAz = cli.files
        try cli.run("logout", "--org", "writtenbyaz")
        try cli.run("login", "--org", "writtenbyaz", "--skip-verify", input: "az-token\n")
        #expect(cli.files["config"] == afterAz["config"])
        #expect(
            FileSnapshot.text(cli.tokenFile)
                == "[azdevops-cli:https://dev.azure.com/contoso]\npersonal access token = ours\n\n[azdevops-cli:https://dev.azure.com/writtenbyaz]\npersonal access token = az-token\n\n"
        )
    }

    /// Files with a lone CR at the end of each line (as an old Mac editor saves them): az reads
    /// them in Python's universal-newline mode, and so do we now (they used to read as one long
    /// line: no default, no token). A change keeps the CR endings in `config` and the token
    /// file; `organization_list` is written with LF, as az itself rewrites it.
    @Test func carriageReturnOnlyFilesReadAsAzReadsThemAndKeepTheirEndings() throws {
        let cli = try CLI()
        try FileSnapshot.write(
            "[defaults]\rorganization = https://dev.azure.com/cr\rproject = P\r", to: cli.configFile)
        try FileSnapshot.write(
            "[azdevops-cli:https://dev.azure.com/cr]\rpersonal access token = cr-token\r", to: cli.tokenFile)
        try FileSnapshot.write("azdevops-cli:https://dev.azure.com/cr\r", to: cli.indexFile)
        let az = try python(Self.azReader, cli.configDirectory)
        #expect(
            az.standardOutput
                == "organization=https://dev.azure.com/cr\nproject=P\nazdevops-cli:https://dev.azure.com/cr=cr-token\nindex=azdevops-cli:https://dev.azure.com/cr\n",
            "\(az.standardError)")

        #expect(try cli.run("token").standardOutput == "cr-token\n")
        let listed = try cli.run("list", "--json")
        for field in [#""indexed" : true"#, #""isDefault" : true"#, #""hasToken" : true"#, #""value" : "P""#]
        {
            #expect(listed.standardOutput.contains(field), "\(listed.output)")
        }

        #expect(try cli.run("login", "--org", "two", "--skip-verify", input: "two-token\n").status == 0)
        // The project follows the organization: none is remembered for "two", so it is cleared.
        #expect(try cli.run("use", "two").status == 0)
        #expect(
            FileSnapshot.text(cli.tokenFile)
                == "[azdevops-cli:https://dev.azure.com/cr]\rpersonal access token = cr-token\r\r[azdevops-cli:https://dev.azure.com/two]\rpersonal access token = two-token\r\r"
        )
        #expect(
            FileSnapshot.text(cli.configFile)
                == "[defaults]\rorganization = https://dev.azure.com/two\rproject = \r")
        let after = try python(Self.azReader, cli.configDirectory)
        #expect(
            after.standardOutput
                == "organization=https://dev.azure.com/two\nproject=\nazdevops-cli:https://dev.azure.com/cr=cr-token\nazdevops-cli:https://dev.azure.com/two=two-token\nindex=azdevops-cli:https://dev.azure.com/cr,azdevops-cli:https://dev.azure.com/two\n",
            "\(after.standardError)")
    }
}

let pythonPath: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}
