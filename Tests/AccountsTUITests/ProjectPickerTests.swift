import CredentialCore
import Foundation
import TestSupport
import Testing

@testable import AccountsUI

/// Issue 14.1 and 14.2 in the TUI: the default project on screen, `p`'s picker over a real HTTP
/// server serving pages of projects, and what a switch does to the project.
@Suite("p picks the default project")
struct ProjectPickerTests {
    /// Two organizations on a real server; contoso's token sees 150 projects in two pages.
    func fixture() async throws -> (Fixture, TestHTTPServer, contoso: String, fabrikam: String) {
        let server = try TestHTTPServer(tokens: ["pat-contoso": "Ada", "pat-fabrikam": "Ada"])
        let names = (0..<148).map { "Project \($0)" } + ["Web", "Mobile Apps"]
        server.serveProjects(names, of: "contoso", pageSize: 100)
        let fixture = try Fixture()
        let contoso = server.organization(named: "contoso")
        let fabrikam = server.organization(named: "fabrikam")
        for organization in [contoso, fabrikam] {
            let name = organization.split(separator: "/").last!
            _ = try await fixture.manager.login(
                token: PersonalAccessToken("pat-\(name)"), organization: OrganizationURL(organization),
                verify: false)
        }
        return (fixture, server, contoso, fabrikam)
    }

    @Test func pLoadsEveryPageFiltersAndEnterSetsTheOrganizationWithTheProject() async throws {
        let (fixture, server, contoso, _) = try await fixture()
        var session = await fixture.session()
        #expect(session.model.currentRow?.organization == (try OrganizationURL(contoso)).canonicalURL)
        session.press("p")
        #expect(session.frame.contains("Projects of http://127.0.0.1"))
        #expect(session.frame.contains("Reading the projects"))
        #expect(session.model.isBusy, "the spinner turns while the list loads")
        await session.settle()
        #expect(session.frame.contains("150 projects"))
        #expect(server.requests.filter { $0.path.contains("/_apis/projects") }.count == 2)

        session.type("mob")
        #expect(session.frame.contains("1 of 150 projects"))
        #expect(session.frame.contains("Mobile Apps"))
        #expect(!session.frame.contains("Project 1"))
        session.press(.backspace, .backspace, .backspace)
        session.type("WEB")
        #expect(session.model.projectPicker?.chosen == "Web")
        await session.pressAndSettle(.enter)
        #expect(session.model.overlay == nil)
        let config = FileSnapshot.text(fixture.configFile) ?? ""
        #expect(config.contains("organization = \(contoso)"))
        #expect(config.contains("project = Web"))
        #expect(session.model.status?.text.contains("The default project is Web.") == true)
        // The default organization's row says which project, and where it comes from.
        session.press("j", "k")
        #expect(session.frame.contains("Project Web (from config)"))
    }

    @Test func aSwitchClearsTheProjectLeftBehindAndSaysSoThenRestoresIt() async throws {
        let (fixture, _, contoso, fabrikam) = try await fixture()
        _ = try fixture.manager.setDefaultOrganization(OrganizationURL(contoso), project: "Web")
        var session = await fixture.session()
        let fabrikamRow = try #require(
            session.model.list?.rows.firstIndex {
                $0.organization == (try? OrganizationURL(fabrikam))?.canonicalURL
            })
        session.press(.home)
        for _ in 0..<fabrikamRow { session.press("j") }
        await session.pressAndSettle(.enter)
        #expect(session.model.status?.text.contains("The default project Web was cleared") == true)
        #expect(FileSnapshot.text(fixture.configFile)?.contains("project = Web") == false)
        session.press(.home)
        await session.pressAndSettle(.enter)
        #expect(session.model.status?.text.contains("The default project is Web again") == true)
        #expect(FileSnapshot.text(fixture.configFile)?.contains("project = Web") == true)
    }

    @Test func aRefusedTokenIsShownInThePickerAndEscClosesIt() async throws {
        let (fixture, server, _, _) = try await fixture()
        server.serveProjects(["Other"], of: "fabrikam")
        // The server no longer accepts fabrikam's token.
        let refusing = try TestHTTPServer(tokens: [:])
        refusing.serveProjects(["Other"], of: "fabrikam")
        _ = try await fixture.manager.login(
            token: PersonalAccessToken("pat-x"),
            organization: OrganizationURL(refusing.organization(named: "fabrikam")),
            verify: false)
        var session = await fixture.session()
        let row = try #require(
            session.model.list?.rows.firstIndex { $0.organization?.contains(String(refusing.port)) == true })
        session.press(.home)
        for _ in 0..<row { session.press("j") }
        await session.pressAndSettle("p")
        #expect(session.frame.contains("refused the token (HTTP 401)"))
        #expect(session.frame.contains("Esc closes."))
        #expect(!session.frame.contains("pat-x"))
        session.press(.escape)
        #expect(session.model.overlay == nil)
        #expect(session.model.status?.text == "The default project was not changed.")
    }

    @Test func anAnswerForAClosedPickerIsDropped() async throws {
        let (fixture, _, _, _) = try await fixture()
        var session = await fixture.session()
        session.press("p")
        let first = session.takePending()
        session.press(.escape, "p")
        let second = session.takePending()
        #expect(first != second)
        for event in await Session.perform(first[0], fixture.manager) {
            session.send(event)
        }
        #expect(
            session.model.projectPicker?.isLoading == true, "the first request's answer is not this picker's")
        for event in await Session.perform(second[0], fixture.manager) { session.send(event) }
        #expect(session.model.projectPicker?.names.count == 150)
    }

    @Test func theDefaultCredentialHasNoProjects() async throws {
        let fixture = try Fixture()
        try await fixture.seed([], defaultCredential: true)
        var session = await fixture.session()
        session.press("p")
        #expect(session.model.overlay == nil)
        #expect(session.takePending().isEmpty)
    }

    @Test func filteringFiveThousandNamesNarrowsAndWidens() {
        var picker = ProjectPicker(
            organization: try! OrganizationURL("contoso"), current: "Name 4321", generation: 1)
        picker.load((0..<5000).map { "Name \($0)" })
        #expect(picker.chosen == "Name 4321", "the picker starts on the current project")
        picker.query = TextField("43")
        picker.refilter(previous: "")
        #expect(picker.matches.count == 5000.words { "Name \($0)".contains("43") })
        picker.query = TextField("432")
        picker.refilter(previous: "43")
        #expect(picker.matches.map { picker.names[$0] }.allSatisfy { $0.contains("432") })
        #expect(picker.chosen == "Name 4321", "the cursor stays on its project while it matches")
        picker.query = TextField("4")
        picker.refilter(previous: "432")
        #expect(picker.matches.count == 5000.words { "Name \($0)".contains("4") })
    }
}

extension Int {
    fileprivate func words(_ predicate: (Int) -> Bool) -> Int { (0..<self).filter(predicate).count }
}
