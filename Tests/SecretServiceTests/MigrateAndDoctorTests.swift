import CredentialCore
import Foundation
import TestSupport
import Testing

/// `migrate` both ways and every `doctor` finding and fix, on a real keyring.
@Suite(.enabled(if: KeyringTests.componentsAvailable))
struct MigrateTests {
    let contoso = "azdevops-cli:https://dev.azure.com/contoso"
    let fabrikam = "azdevops-cli:https://dev.azure.com/fabrikam"

    @Test func migrateToTheFileAndBack() throws {
        let keyring = try PrivateKeyring()
        #expect(try keyring.ado("login", "--org", "contoso", "--skip-verify", input: "c-token\n").status == 0)
        #expect(try keyring.ado("login", "--skip-verify", input: "d-token\n").status == 0)
        try keyring.keyringSet(fabrikam, "f-token")

        let toFile = try keyring.ado("migrate", "--to", "file")
        #expect(toFile.status == 0, "\(toFile.output)")
        #expect(toFile.standardError.contains("Moved 3 tokens; the file now holds 3 tokens."))
        #expect(try keyring.items().isEmpty)
        let file = FileSnapshot.text(keyring.tokenFile) ?? ""
        for expected in [
            "[\(contoso)]\npersonal access token = c-token", "[\(fabrikam)]\npersonal access token = f-token",
            "[azdevops-cli: default]\npersonal access token = d-token",
        ] {
            #expect(file.contains(expected), "\(file)")
        }

        let toKeyring = try keyring.ado("migrate", "--to", "keyring")
        #expect(toKeyring.status == 0, "\(toKeyring.output)")
        #expect(try keyring.keyringGet(contoso) == "c-token")
        #expect(try keyring.keyringGet(fabrikam) == "f-token")
        #expect(try keyring.keyringGet("azdevops-cli: default") == "d-token")
        #expect(!(FileSnapshot.text(keyring.tokenFile) ?? "").contains("token ="))
        #expect(try keyring.items().count == 3)
    }

    /// The count is of what the target holds afterwards, not of what this run moved.
    @Test func theReportCountsWhatTheTargetNowHolds() throws {
        let keyring = try PrivateKeyring()
        try keyring.keyringSet(contoso, "c-token")
        try keyring.keyringSet(fabrikam, "f-token")
        #expect(try keyring.ado("login", "--skip-verify", "--store", "file", input: "d-token\n").status == 0)
        let toKeyring = try keyring.ado("migrate", "--to", "keyring")
        #expect(toKeyring.status == 0, "\(toKeyring.output)")
        #expect(toKeyring.standardError.contains("Moved 1 token; the keyring now holds 3 tokens."))
    }

    @Test func aDifferentTokenAlreadyInTheTargetIsKeptInBothPlacesAndReported() throws {
        let keyring = try PrivateKeyring()
        try keyring.keyringSet(contoso, "in-keyring")
        #expect(
            try keyring.ado("login", "--org", "fabrikam", "--skip-verify", "--store", "file", input: "f\n")
                .status == 0)
        try FileSnapshot.write(
            (FileSnapshot.text(keyring.tokenFile) ?? "") + "[\(contoso)]\npersonal access token = in-file\n",
            to: keyring.tokenFile)

        let result = try keyring.ado("migrate", "--to", "keyring")
        #expect(result.status == 1, "\(result.output)")
        #expect(
            result.standardError.contains(
                "https://dev.azure.com/contoso: the keyring already holds a different token"))
        #expect(try keyring.keyringGet(contoso) == "in-keyring")
        #expect(FileSnapshot.text(keyring.tokenFile)?.contains("= in-file") == true)
        #expect(try keyring.keyringGet(fabrikam) == "f")
    }

    @Test func migratingToTheKeyringWhenItIsLockedMovesNothing() throws {
        let keyring = try PrivateKeyring()
        #expect(
            try keyring.ado("login", "--org", "contoso", "--skip-verify", "--store", "file", input: "c\n")
                .status == 0)
        let before = FileSnapshot.tree(keyring.configDirectory)
        try keyring.lock()
        let result = try keyring.ado("migrate", "--to", "keyring")
        #expect(result.status == 5)
        #expect(result.standardError.contains("the default keyring is locked"))
        #expect(FileSnapshot.tree(keyring.configDirectory) == before)
    }
}

@Suite(.enabled(if: KeyringTests.componentsAvailable))
struct DoctorTests {
    let contoso = "azdevops-cli:https://dev.azure.com/contoso"

    struct Report {
        let status: Int32
        let json: [String: Any]
        var findings: [[String: Any]] { json["findings"] as? [[String: Any]] ?? [] }
        func finding(_ kind: String) -> [String: Any]? { findings.first { $0["kind"] as? String == kind } }
        var kinds: [String] { findings.compactMap { $0["kind"] as? String } }
    }

    func doctor(_ keyring: PrivateKeyring, fix: Bool = false) throws -> Report {
        let result = try keyring.ado(fix ? ["doctor", "--json", "--fix"] : ["doctor", "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return Report(status: result.status, json: try #require(json, "\(result.output)"))
    }

    func prepareDirectory(_ keyring: PrivateKeyring) {
        mkdir(keyring.root.appending("home/.azure"), 0o700)
        mkdir(keyring.configDirectory, 0o700)
    }

    @Test func healthyStoresPassTheRoundTripAndKeepNothingFromIt() throws {
        let keyring = try PrivateKeyring()
        #expect(try keyring.ado("login", "--org", "contoso", "--skip-verify", input: "c\n").status == 0)
        let report = try doctor(keyring)
        #expect(report.status == 0)
        #expect(report.json["healthy"] as? Bool == true)
        #expect(report.findings.isEmpty, "\(report.json)")
        let trips = report.json["roundTrips"] as? [[String: Any]] ?? []
        #expect(trips.map { $0["store"] as? String } == ["keyring", "file"])
        #expect(trips.allSatisfy { $0["ok"] as? Bool == true })
        #expect(try keyring.items().count == 1)
        #expect(!(FileSnapshot.text(keyring.tokenFile) ?? "").contains("doctor"))
        #expect(FileSnapshot.text(keyring.indexFile) == "\(contoso)\n")
    }

    @Test func indexLinesWithoutATokenAndTokensMissingFromTheIndex() throws {
        let keyring = try PrivateKeyring()
        prepareDirectory(keyring)
        try FileSnapshot.write("azdevops-cli:https://dev.azure.com/ghost\n", to: keyring.indexFile)
        try keyring.keyringSet(contoso, "c")

        let found = try doctor(keyring)
        #expect(found.status == 1)
        #expect(
            found.finding("indexWithoutToken")?["organization"] as? String == "https://dev.azure.com/ghost")
        #expect(
            found.finding("tokenNotInIndex")?["organization"] as? String == "https://dev.azure.com/contoso")
        #expect(found.findings.allSatisfy { $0["fixable"] as? Bool == true && $0["fixed"] is NSNull })

        let fixed = try doctor(keyring, fix: true)
        #expect(fixed.status == 0, "\(fixed.json)")
        #expect(
            fixed.finding("indexWithoutToken")?["fixed"] as? String
                == "removed the line from organization_list")
        #expect(fixed.finding("tokenNotInIndex")?["fixed"] as? String == "added it to organization_list")
        #expect(FileSnapshot.text(keyring.indexFile) == "\(contoso)\n")
        #expect(try doctor(keyring).findings.isEmpty)
    }

    /// A locked keyring hides its tokens: the index lines naming them must survive `--fix`.
    @Test func aLockedKeyringKeepsIndexLinesThatMayNameItsTokens() throws {
        let keyring = try PrivateKeyring()
        prepareDirectory(keyring)
        try keyring.keyringSet(contoso, "c")
        try FileSnapshot.write("\(contoso)\n", to: keyring.indexFile)
        try keyring.lock()

        let fixed = try doctor(keyring, fix: true)
        let finding = try #require(fixed.finding("indexWithoutToken"), "\(fixed.json)")
        #expect(finding["fixable"] as? Bool == false)
        #expect(finding["fixed"] is NSNull)
        #expect((finding["message"] as? String)?.contains("the keyring cannot be checked") == true)
        #expect(FileSnapshot.text(keyring.indexFile) == "\(contoso)\n")
    }

    @Test func duplicateItemsWithTheSameTokenAreMergedIntoOne() throws {
        let keyring = try PrivateKeyring()
        try keyring.createItem(contoso, "same", withSchemaAttribute: false)
        try keyring.createItem(contoso, "same", withSchemaAttribute: true)
        #expect(try keyring.items().count == 2)

        let found = try doctor(keyring)
        #expect(found.finding("duplicateKeyringItems")?["fixable"] as? Bool == true)
        let fixed = try doctor(keyring, fix: true)
        #expect(fixed.finding("duplicateKeyringItems")?["fixed"] as? String == "deleted 1 extra item")
        let items = try keyring.items()
        #expect(items.count == 1)
        #expect(
            (items.first?["attributes"] as? [String: String])?["xdg:schema"]
                == "org.freedesktop.Secret.Generic")
        #expect(try keyring.keyringGet(contoso) == "same")
    }

    @Test func duplicateItemsWithDifferentTokensAreReportedNotTouched() throws {
        let keyring = try PrivateKeyring()
        try keyring.createItem(contoso, "first", withSchemaAttribute: false)
        try keyring.createItem(contoso, "second", withSchemaAttribute: true)
        let fixed = try doctor(keyring, fix: true)
        #expect(fixed.status == 1)
        let finding = try #require(fixed.finding("duplicateKeyringItems"))
        #expect(finding["fixable"] as? Bool == false)
        #expect(finding["fixed"] is NSNull)
        #expect((finding["message"] as? String)?.contains("different tokens") == true)
        #expect(try keyring.items().count == 2)
    }

    @Test func aTokenFileReadableByOthersIsMadePrivate() throws {
        let keyring = try PrivateKeyring()
        #expect(
            try keyring.ado("login", "--org", "contoso", "--skip-verify", "--store", "file", input: "c\n")
                .status == 0)
        chmod(keyring.tokenFile, 0o644)
        let text = try keyring.ado("doctor")
        #expect(text.status == 1)
        #expect(
            text.standardError.contains(
                "personalAccessTokens is readable by others (mode 644). ('doctor --fix' repairs this)"))
        #expect(text.standardError.contains("Skipped the file's write, read and delete test"))
        #expect(FileSnapshot.mode(keyring.tokenFile) == 0o644)
        let fixed = try keyring.ado("doctor", "--fix")
        #expect(fixed.status == 0, "\(fixed.output)")
        #expect(fixed.standardError.contains("(set its mode to 600)"))
        #expect(FileSnapshot.mode(keyring.tokenFile) == 0o600)
    }

    @Test func aDefaultOrganizationWithoutAnyTokenIsReported() throws {
        let keyring = try PrivateKeyring()
        prepareDirectory(keyring)
        try FileSnapshot.write(
            "[defaults]\norganization = https://dev.azure.com/NoPat\n\n", to: keyring.configFile)
        let report = try doctor(keyring, fix: true)
        #expect(report.status == 1)
        let finding = try #require(report.finding("defaultOrganizationWithoutToken"))
        #expect(finding["organization"] as? String == "https://dev.azure.com/nopat")
        #expect(finding["fixable"] as? Bool == false)
        // The default credential covers it.
        try keyring.keyringSet("azdevops-cli: default", "d")
        #expect(try doctor(keyring).finding("defaultOrganizationWithoutToken") == nil)
    }

    @Test func differentTokensInTheKeyringAndTheFileAreReportedNotTouched() throws {
        let keyring = try PrivateKeyring()
        prepareDirectory(keyring)
        try keyring.keyringSet(contoso, "in-keyring")
        try FileSnapshot.write("[\(contoso)]\npersonal access token = in-file\n", to: keyring.tokenFile)
        try FileSnapshot.write("\(contoso)\n", to: keyring.indexFile)
        let report = try doctor(keyring, fix: true)
        #expect(report.kinds == ["differentTokensInStores"], "\(report.json)")
        #expect(report.finding("differentTokensInStores")?["fixed"] is NSNull)
        #expect(try keyring.keyringGet(contoso) == "in-keyring")
        #expect(FileSnapshot.text(keyring.tokenFile)?.contains("= in-file") == true)
    }

    @Test func theSameTokenInBothPlacesIsKeptWhereNewTokensGo() throws {
        let keyring = try PrivateKeyring()
        prepareDirectory(keyring)
        try keyring.keyringSet(contoso, "same")
        try FileSnapshot.write("[\(contoso)]\npersonal access token = same\n", to: keyring.tokenFile)
        try FileSnapshot.write("\(contoso)\n", to: keyring.indexFile)
        let report = try doctor(keyring, fix: true)
        #expect(report.status == 0, "\(report.json)")
        #expect(
            report.finding("sameTokenInBothStores")?["fixed"] as? String == "kept the copy in the keyring")
        #expect(try keyring.keyringGet(contoso) == "same")
        #expect(!(FileSnapshot.text(keyring.tokenFile) ?? "").contains("same"))
    }
}
