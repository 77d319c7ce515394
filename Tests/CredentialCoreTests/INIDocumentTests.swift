import Foundation
import TestSupport
import Testing

@testable import CredentialCore

@Suite struct INIDocumentTests {
    /// What configparser.write produces for az's files (docs/storage.md §2, §5).
    static let azTokenFile = """
        [azdevops-cli:https://dev.azure.com/contoso]
        personal access token = pat-contoso

        [azdevops-cli: default]
        personal access token = pat-default


        """

    static let azConfig = """
        [defaults]
        organization = https://dev.azure.com/Contoso/
        project = Web

        [core]
        collect_telemetry = no


        """

    @Test func readsFilesWrittenByAz() {
        let tokens = INIDocument(parsing: Array(Self.azTokenFile.utf8))
        #expect(
            tokens.sectionNames == ["azdevops-cli:https://dev.azure.com/contoso", "azdevops-cli: default"])
        #expect(
            tokens.value(section: "azdevops-cli: default", option: "personal access token") == "pat-default")
        let config = INIDocument(parsing: Array(Self.azConfig.utf8))
        #expect(config.value(section: "defaults", option: "organization") == "https://dev.azure.com/Contoso/")
        #expect(config.value(section: "core", option: "collect_telemetry") == "no")
    }

    @Test func unchangedDocumentsRenderByteForByte() {
        for text in [
            Self.azTokenFile, Self.azConfig, "; comment\n[a]\nx=1\n  continued\n\n# note\nj u n k\n",
        ] {
            #expect(INIDocument(parsing: Array(text.utf8)).rendered() == Array(text.utf8))
        }
    }

    @Test func writesAsConfigparserDoes() {
        var document = INIDocument()
        document.setValue(
            "pat-contoso", section: "azdevops-cli:https://dev.azure.com/contoso",
            option: "personal access token")
        document.setValue("pat-default", section: "azdevops-cli: default", option: "personal access token")
        #expect(String(decoding: document.rendered(), as: UTF8.self) == Self.azTokenFile)
    }

    @Test func changingAValueRewritesOnlyThatLine() {
        var document = INIDocument(parsing: Array(Self.azConfig.utf8))
        document.setValue("", section: "defaults", option: "organization")
        #expect(
            String(decoding: document.rendered(), as: UTF8.self)
                == Self.azConfig.replacingOccurrences(
                    "organization = https://dev.azure.com/Contoso/", "organization = "))
    }

    @Test func newOptionsGoAfterTheSectionsLastEntry() {
        var document = INIDocument(parsing: Array("[defaults]\norganization = x\n\n[other]\nk = v\n\n".utf8))
        document.setValue("Web", section: "defaults", option: "project")
        #expect(
            String(decoding: document.rendered(), as: UTF8.self)
                == "[defaults]\norganization = x\nproject = Web\n\n[other]\nk = v\n\n")
    }

    @Test func removingASectionKeepsTheOthersIntact() {
        var document = INIDocument(parsing: Array(Self.azTokenFile.utf8))
        let removed = document.removeSection("azdevops-cli:https://dev.azure.com/contoso")
        #expect(removed)
        #expect(
            String(decoding: document.rendered(), as: UTF8.self)
                == "[azdevops-cli: default]\npersonal access token = pat-default\n\n")
        let removedMissing = document.removeSection("missing")
        #expect(!removedMissing)
    }

    @Test func toleratesByteOrderMarkCarriageReturnsJunkAndDuplicates() {
        let text =
            "\u{FEFF}[defaults]\r\norganization = a\r\nthis line is junk\r\n[defaults]\r\nOrganization: b\r\n"
        let document = INIDocument(parsing: Array(text.utf8))
        #expect(document.value(section: "defaults", option: "organization") == "b", "the last duplicate wins")
        #expect(document.sectionNames == ["defaults"])
        var changed = document
        changed.setValue("c", section: "defaults", option: "project")
        // Lines configparser would reject are kept, and so are the CRLF endings; the mark goes
        // (configparser does not read past it: dropping it lets az read the file).
        #expect(
            String(decoding: changed.rendered(), as: UTF8.self)
                == "[defaults]\r\norganization = a\r\nthis line is junk\r\n[defaults]\r\nOrganization: b\r\nproject = c\r\n"
        )
    }

    /// A rewrite used to turn every byte that is not UTF-8, in entries and lines it did not
    /// change, into U+FFFD: they are kept as they were.
    @Test func bytesThatAreNotUTF8SurviveAChangeElsewhere() {
        let other: [UInt8] =
            Array("# caf".utf8) + [0xE9] + Array("\n[core]\nname = caf".utf8) + [0xE9, 0xFF, 0x0A]
        let tokens = Array("[azdevops-cli: default]\npersonal access token = ".utf8)
        var document = INIDocument(parsing: other + tokens + Array("old\n".utf8))
        #expect(document.rendered() == other + tokens + Array("old\n".utf8))
        document.setValue("new", section: "azdevops-cli: default", option: "personal access token")
        #expect(document.rendered() == other + tokens + Array("new\n".utf8))
        document.removeSection("azdevops-cli: default")
        #expect(document.rendered() == other)
    }

    /// configparser reads a file in Python's universal-newline mode, where a lone CR ends a
    /// line too; such a file used to be one long line here. Its endings stay on rewrite.
    @Test func carriageReturnOnlyFilesReadAsConfigparserReadsThem() {
        let file = "[defaults]\rorganization = https://dev.azure.com/x\rproject = p\r"
        var document = INIDocument(parsing: Array(file.utf8))
        #expect(document.value(section: "defaults", option: "organization") == "https://dev.azure.com/x")
        #expect(document.value(section: "defaults", option: "project") == "p")
        #expect(document.rendered() == Array(file.utf8))
        document.setValue("q", section: "defaults", option: "project")
        document.setValue("v", section: "other", option: "k")
        #expect(
            String(decoding: document.rendered(), as: UTF8.self)
                == "[defaults]\rorganization = https://dev.azure.com/x\rproject = q\r\r[other]\rk = v\r\r")
    }

    /// A file whose last line has no ending gets one only when something follows that line.
    @Test func aMissingFinalNewlineIsKeptUntilALineFollows() {
        var document = INIDocument(parsing: Array("[a]\nk = v".utf8))
        #expect(document.rendered() == Array("[a]\nk = v".utf8))
        document.setValue("w", section: "a", option: "j")
        #expect(String(decoding: document.rendered(), as: UTF8.self) == "[a]\nk = v\nj = w\n")
    }

    @Test func continuationLinesJoinTheValue() {
        let document = INIDocument(parsing: Array("[s]\nkey = first\n    second\nother = x\n".utf8))
        #expect(document.value(section: "s", option: "key") == "first\nsecond")
        #expect(document.value(section: "s", option: "other") == "x")
    }

    /// configparser keeps blank lines inside a value when an indented line follows them
    /// (`empty_lines_in_values`, on in az's parsers): read as the machine's Python reads them.
    @Test(
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")),
        arguments: [
            "[s]\na = 1\n\n  2\nb = 3\n", "[s]\na = 1\n\n\n  2\n", "[s]\na = 1\n  # c\n\n  2\n",
            "[s]\na = 1\n\n[t]\nb = 2\n", "[s]\na = 1\n\nb = 2\n", "[s]\na = 1\n \t\n  2\n",
            "[s]\na = 1\n\n  [t]\n", "[s]\na = 1\n\n  2\n\n",
        ])
    func blankLinesInsideAValueAsConfigparserReadsThem(file: String) throws {
        let script = """
            import configparser, json, sys
            parser = configparser.ConfigParser(interpolation=None)
            parser.read_string(sys.stdin.read())
            print(json.dumps({s: dict(parser.items(s)) for s in parser.sections()}, sort_keys=True))
            """
        let python = try ChildProcess.run(
            ["/usr/bin/python3", "-c", script], environment: [:], standardInput: file)
        let expected = try JSONDecoder().decode(
            [String: [String: String]].self, from: Data(python.standardOutput.utf8))
        let document = INIDocument(parsing: Array(file.utf8))
        var found: [String: [String: String]] = [:]
        for name in document.sectionNames {
            found[name] = Dictionary(document.entries(section: name).map { ($0.name, $0.value) }) { $1 }
        }
        #expect(found == expected, "\(file.debugDescription)")
        #expect(document.rendered() == Array(file.utf8), "an unchanged file is written back as it was")
    }

    @Test func sectionHeadersUseTheLastClosingBracket() {
        let document = INIDocument(parsing: Array("[a]b] trailing\nk = v\n".utf8))
        #expect(document.sectionNames == ["a]b"])
    }

    @Test func emptyOrNameLessEntriesAreJunk() {
        let document = INIDocument(parsing: Array("[s]\n= value\nplain\nk =\n".utf8))
        #expect(document.entries(section: "s").map(\.name) == ["k"])
        #expect(document.value(section: "s", option: "k") == "")
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        replacing(target, with: replacement)
    }
}
