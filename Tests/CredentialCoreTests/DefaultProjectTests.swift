import Foundation
import TestSupport
import Testing

@testable import CredentialCore

/// Issue 14.2: switching the default organization restores the project last used with it, or
/// clears the previous organization's project and says so; never keeps a project of another
/// organization.
@Suite struct DefaultProjectTests {
    let directory: TemporaryDirectory
    let clock = Date(timeIntervalSince1970: 1_796_594_400)

    init() throws {
        directory = try TemporaryDirectory()
    }

    func manager(_ extra: [String: String] = [:]) -> AccountManager {
        var variables = ["AZURE_DEVOPS_EXT_CONFIG_DIR": directory.path, "HOME": directory.path]
        variables.merge(extra) { $1 }
        let environment = Environment(variables)
        var manager = AccountManager(
            environment: environment,
            stores: [FileCredentialStore(directory: ConfigDirectory(environment: environment))],
            verifier: ScriptedVerifier())
        let now = clock
        manager.now = { now }
        return manager
    }

    /// `[defaults] project` as az reads it (the file, not our parser's idea of it).
    func configuredProject() throws -> String? {
        let text = try String(contentsOfFile: directory.appending("config"), encoding: .utf8)
        let line = text.split(separator: "\n").first { $0.hasPrefix("project = ") }
        return line.map { String($0.dropFirst("project = ".count)) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    @Test func aSwitchClearsTheProjectOfTheOrganizationLeftAndTheWayBackRestoresIt() throws {
        let contoso = try OrganizationURL("contoso")
        let fabrikam = try OrganizationURL("fabrikam")
        let first = try manager().setDefaultOrganization(contoso, project: "Web")
        #expect(first.project == .set("Web"))
        #expect(try configuredProject() == "Web")

        let away = try manager().setDefaultOrganization(fabrikam)
        #expect(away.project == .cleared(previous: "Web"))
        #expect(try configuredProject() == nil)

        _ = try manager().defaults.configure(["project=Mobile"])
        #expect(manager().memory()[organization: fabrikam.key].lastProject == "Mobile")

        let back = try manager().restorePreviousDefault()
        #expect(back.organization.key == contoso.key)
        #expect(back.project == .restored("Web"))
        #expect(try configuredProject() == "Web")

        let again = try manager().setDefaultOrganization(fabrikam)
        #expect(again.project == .restored("Mobile"))
        #expect(manager().memory()[organization: fabrikam.key].usedAt == clock)
    }

    @Test func theSameOrganizationSpelledOtherwiseKeepsItsProject() throws {
        _ = try manager().setDefaultOrganization(OrganizationURL("contoso"), project: "Web")
        let respelled = try manager().setDefaultOrganization(
            OrganizationURL("https://dev.azure.com/Contoso/"))
        #expect(respelled.project == .kept("Web"))
        #expect(try configuredProject() == "Web")
    }

    @Test func aProjectSetBeforeAnyOrganizationStaysWithTheFirstOne() throws {
        _ = try manager().defaults.configure(["project=Web"])
        let change = try manager().setDefaultOrganization(OrganizationURL("contoso"))
        #expect(change.project == .kept("Web"))
        #expect(try manager().memory()[organization: OrganizationURL("contoso").key].lastProject == "Web")
    }

    @Test func configureSwitchingTheOrganizationFollowsTheSameRule() throws {
        _ = try manager().defaults.configure(["organization=https://dev.azure.com/contoso", "project=Web"])
        let away = try manager().defaults.configure(["organization=https://dev.azure.com/fabrikam"])
        #expect(away == .cleared(previous: "Web"))
        let back = try manager().defaults.configure(["organization=https://dev.azure.com/contoso"])
        #expect(back == .restored("Web"))
        #expect(try configuredProject() == "Web")
    }

    @Test func aProjectVariableIsReported() throws {
        let change = try manager(["AZURE_DEVOPS_EXT__DEFAULTS_PROJECT": "Env"]).setDefaultOrganization(
            OrganizationURL("contoso"), project: "Web")
        #expect(change.projectOverriddenBy == "AZURE_DEVOPS_EXT__DEFAULTS_PROJECT")
    }

    @Test func aBadProjectChangesNothing() throws {
        _ = try manager().setDefaultOrganization(OrganizationURL("contoso"), project: "Web")
        let before = try String(contentsOfFile: directory.appending("config"), encoding: .utf8)
        for bad in ["", "a\nb", "''"] {
            #expect(throws: CredentialError.self) {
                try manager().setDefaultOrganization(OrganizationURL("fabrikam"), project: bad)
            }
        }
        #expect(try String(contentsOfFile: directory.appending("config"), encoding: .utf8) == before)
    }
}
