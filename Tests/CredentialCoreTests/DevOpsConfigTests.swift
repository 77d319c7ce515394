import Testing

@testable import CredentialCore

@Suite struct DevOpsConfigTests {
    func config(_ text: String) -> DevOpsConfig {
        DevOpsConfig(document: INIDocument(parsing: Array(text.utf8)))
    }

    @Test func readsDefaultsWithPercentInterpolation() {
        let value = config("[defaults]\nproject = 100%% done\norganization = \n")
        #expect(value.fileValue("project") == "100% done")
        #expect(value.fileValue("organization") == nil, "an empty value means not set")
    }

    @Test func quotedEmptyValuesMeanNotSet() {
        #expect(config("[defaults]\norganization = ''\n").fileValue("organization") == nil)
        #expect(config("[defaults]\nproject = \"\"\n").fileValue("project") == nil)
    }

    @Test func writesPercentAsDoublePercent() {
        let written = config("").settingValue("50% off", for: "project")
        #expect(String(decoding: written.rendered(), as: UTF8.self) == "[defaults]\nproject = 50%% off\n\n")
        #expect(written.fileValue("project") == "50% off")
    }

    @Test func environmentOverridesUseADoubleUnderscore() {
        let file = config("[defaults]\norganization = https://dev.azure.com/file\nproject = FileProject\n")
        let environment = Environment([
            "AZURE_DEVOPS_EXT__DEFAULTS_ORGANIZATION": "https://dev.azure.com/env",
            "AZURE_DEVOPS_EXT_DEFAULTS_PROJECT": "single underscore is not an override",
        ])
        #expect(
            file.setting("organization", environment: environment)
                == .init(
                    value: "https://dev.azure.com/env",
                    overriddenBy: "AZURE_DEVOPS_EXT__DEFAULTS_ORGANIZATION"))
        #expect(
            file.setting("project", environment: environment)
                == .init(value: "FileProject", overriddenBy: nil))
    }

    @Test func anEmptyOverrideUnsetsTheValue() {
        let file = config("[defaults]\nproject = FileProject\n")
        #expect(
            file.setting("project", environment: Environment(["AZURE_DEVOPS_EXT__DEFAULTS_PROJECT": ""]))
                == nil)
    }

    @Test func rewritesKeepOtherSectionsAndKeys() {
        let original =
            "# kept\n[defaults]\norganization = a\nextra = kept too\n\n[telemetry]\nenabled = no\n\n"
        let rewritten = config(original).settingValue("https://dev.azure.com/b", for: "organization")
        #expect(
            String(decoding: rewritten.rendered(), as: UTF8.self)
                == original.replacing("organization = a", with: "organization = https://dev.azure.com/b"))
    }
}

@Suite struct OrganizationListTests {
    @Test func keepsOrderAndAppendsOnce() throws {
        var list = OrganizationList(parsing: Array("azdevops-cli:https://dev.azure.com/b\n".utf8))
        let a = try OrganizationURL("a").key
        list.add(a)
        list.add(a)
        #expect(
            String(decoding: list.rendered(), as: UTF8.self)
                == "azdevops-cli:https://dev.azure.com/b\nazdevops-cli:https://dev.azure.com/a\n")
    }

    @Test func toleratesBlankGarbageCarriageReturnsAndAMissingFinalNewline() {
        let list = OrganizationList(
            parsing: Array(
                "\n  \ngarbage line\r\nazdevops-cli: default\r\nazdevops-cli:https://dev.azure.com/x".utf8))
        #expect(
            list.keys == [.defaultCredential, CredentialKey(stored: "azdevops-cli:https://dev.azure.com/x")!])
        #expect(
            String(decoding: list.rendered(), as: UTF8.self)
                == "garbage line\nazdevops-cli: default\nazdevops-cli:https://dev.azure.com/x\n")
    }

    /// az reads the file in text mode, where a lone CR ends a line: such a file used to list
    /// no key here. A line that is not a key keeps its bytes, UTF-8 or not.
    @Test func readsCarriageReturnEndingsAndKeepsOtherBytes() throws {
        var list = OrganizationList(
            parsing: Array("azdevops-cli:https://dev.azure.com/a\razdevops-cli: default\rjunk".utf8) + [
                0xFF, 0x0D,
            ])
        #expect(list.keys == [try OrganizationURL("a").key, .defaultCredential])
        list.remove(.defaultCredential)
        #expect(list.rendered() == Array("azdevops-cli:https://dev.azure.com/a\njunk".utf8) + [0xFF, 0x0A])
    }

    @Test func removesEveryLineOfAKey() throws {
        var list = OrganizationList(
            parsing: Array(
                "azdevops-cli: default\nazdevops-cli: default \nazdevops-cli:https://dev.azure.com/x\n".utf8))
        let removed = list.remove(.defaultCredential)
        #expect(removed)
        #expect(list.keys.map(\.rawValue) == ["azdevops-cli:https://dev.azure.com/x"])
        let removedAgain = list.remove(.defaultCredential)
        #expect(!removedAgain)
    }
}
