import CredentialCore
import TestSupport
import Testing

@testable import AccountsUI

@Suite("The doctor banner")
struct DoctorBannerTests {
    /// An organization_list line without a token: the simplest thing doctor finds (and can fix).
    func indexLineWithoutToken(_ fixture: Fixture, _ name: String) throws {
        let index = fixture.directory.appending("cfg/organization_list")
        let existing = FileSnapshot.text(index) ?? ""
        try FileSnapshot.write(existing + (try key(name)).rawValue + "\n", to: index)
    }

    @Test func doctorRunsAfterEachListingAndIsQuietWhenAllIsWell() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso"])
        var session = Session(fixture: fixture, size: Size(width: 80, height: 24), glyphs: .unicode)
        #expect(session.takePending() == [.load(generation: 1)], "not before the listing")
        for event in await Session.perform(.load(generation: 1), fixture.manager) { session.send(event) }
        #expect(session.takePending() == [.doctor])
        #expect(!session.model.isBusy, "housekeeping turns no spinner")
        for event in await Session.perform(.doctor, fixture.manager) { session.send(event) }
        #expect(session.model.doctor?.isHealthy == true)
        #expect(session.model.banners.isEmpty)
        #expect(session.frame.line(2).contains("ORGANIZATION"))
    }

    @Test func aProblemGetsOneLineThatFitsTheScreen() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso"])
        try indexLineWithoutToken(fixture, "ghost")
        let tall = await fixture.session()
        // Two lines on a tall screen: the count, the command, then the first finding.
        #expect(
            tall.frame.line(2)
                == " ! 1 problem with the stored tokens: run 'ado-accounts doctor --fix'.")
        #expect(
            tall.frame.line(3).hasPrefix(
                "   organization_list names https://dev.azure.com/ghost, but no token"))
        #expect(tall.frame.style(of: "1 problem")?.role == .banner)
        #expect(tall.frame.line(4).contains("ORGANIZATION"))

        let short = await fixture.session(width: 80, height: 12)
        #expect(
            short.frame.line(1) == " ! 1 problem with the stored tokens: run 'ado-accounts doctor --fix'. …")
        #expect(short.frame.line(2).contains("ORGANIZATION"))

        let smallest = await fixture.session(width: 40, height: 10)
        #expect(smallest.frame.line(1) == " ! 1 problem: run ado-accounts doctor")
        #expect(smallest.frame.line(2).contains("ORGANIZATION"))
        #expect(smallest.frame.line(3).contains("contoso"))
        let wider = await fixture.session(width: 44, height: 10)
        #expect(wider.frame.line(1) == " ! 1 problem: run ado-accounts doctor --fix")
    }

    @Test func severalProblemsAreCountedAndOnlyFixableOnesSuggestFix() async throws {
        let stores = try TwoStores()
        try await stores.seed(["contoso"])
        try stores.keyring.store(PersonalAccessToken("another"), for: try key("contoso"))
        let one = await stores.fixture.session(width: 40, height: 10)
        #expect(
            one.frame.line(1) == " ! 1 problem: run ado-accounts doctor",
            "different tokens: doctor --fix cannot help")
        #expect(one.model.banners.last?.contains("--fix") == false)

        try indexLineWithoutToken(stores.fixture, "ghost")
        let two = await stores.fixture.session(width: 120)
        #expect(
            two.model.banners.last?.hasPrefix(
                "2 problems with the stored tokens: run 'ado-accounts doctor --fix'.") == true)
        #expect(two.model.banners.last?.hasSuffix("(and 1 more)") == true)
    }

    @Test func theBannerFollowsChangesMadeHereAndElsewhere() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso"])
        var session = await fixture.session()
        #expect(session.model.banners.isEmpty)

        // Another process leaves an index line behind: r finds it.
        try indexLineWithoutToken(fixture, "ghost")
        await session.pressAndSettle("r")
        #expect(session.frame.contains("1 problem with the stored tokens"))

        // Logging out of the line's organization removes it: the banner goes.
        session.press("j")
        #expect(session.model.currentName == "dev.azure.com/ghost")
        await session.pressAndSettle("d", "y")
        #expect(session.model.banners.isEmpty)
        #expect(!session.frame.contains("problem"))
    }

    @Test func aListingDuringARunAsksForOneMoreRunAndDropsTheStaleAnswer() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso"])
        var session = await fixture.session()
        session.press("r")
        for event in await Session.perform(.load(generation: 2), fixture.manager) { session.send(event) }
        #expect(session.takePending() == [.load(generation: 2), .doctor])
        session.press("r")
        for event in await Session.perform(.load(generation: 3), fixture.manager) { session.send(event) }
        #expect(session.takePending() == [.load(generation: 3)], "one run at a time")

        // The first run's answer predates the second listing: dropped, and a new run asked for.
        try indexLineWithoutToken(fixture, "ghost")
        let stale = try fixture.manager.doctor(fix: false, roundTrip: false)
        try FileSnapshot.write(
            try key("contoso").rawValue + "\n", to: fixture.directory.appending("cfg/organization_list"))
        session.send(.doctorFinished(.success(stale)))
        #expect(session.model.banners.isEmpty)
        #expect(session.takePending() == [.doctor])
        await session.settle()
        for event in await Session.perform(.doctor, fixture.manager) { session.send(event) }
        #expect(session.model.doctor?.isHealthy == true)
    }

    @Test func aDoctorThatCannotRunSaysWhy() async throws {
        var session = await try Fixture().session()
        session.send(.doctorFinished(.failure(CredentialError(.storage, "The keyring did not answer."))))
        #expect(
            session.model.banners == ["Could not check the stores for problems: The keyring did not answer."])
        #expect(session.frame.line(2).contains("Could not check the stores for problems"))
    }
}

/// Issue 14.11: the banners, cut to fit, can be read in full (b).
@Suite("b opens the notices in full")
struct NoticesTests {
    @Test func bShowsEveryNoticeAndEveryFindingInFull() async throws {
        let fixture = try Fixture(environment: ["AZURE_DEVOPS_EXT_PAT": "from-the-environment"])
        try await fixture.seed(["contoso"])
        let index = fixture.directory.appending("cfg/organization_list")
        try FileSnapshot.write(
            (FileSnapshot.text(index) ?? "") + (try key("ghost")).rawValue + "\n"
                + (try key("phantom")).rawValue
                + "\n", to: index)
        var session = await fixture.session(width: 60, height: 12)
        #expect(session.frame.contains("more: b)"), "the banner says how to read the rest")
        #expect(KeyHints.hints(for: session.model).contains { $0.key == "b" }, "offered where notices are")
        session.press("b")
        let screen = session.screen
        #expect(screen.contains("Notices"))
        #expect(screen.contains("AZURE_DEVOPS_EXT_PAT is set"))
        let findings = try #require(session.model.doctor?.remaining)
        #expect(findings.count == 2)
        var text = Self.boxText(session.frame)
        for _ in 0..<10 {
            session.press("j")
            text += Self.boxText(session.frame)
        }
        for finding in findings {
            #expect(text.contains(String(finding.message.prefix(30))), "\(finding.message)")
        }
        session.press(.escape)
        #expect(session.model.overlay == nil)
    }

    @Test func withoutNoticesBSaysSo() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso"])
        var session = await fixture.session()
        #expect(!KeyHints.hints(for: session.model).contains { $0.key == "b" })
        session.press("b")
        #expect(session.model.overlay == nil)
        #expect(session.model.status?.text == "There is no notice to read.")
    }

    static func boxText(_ frame: Frame) -> String {
        frame.lines.map { $0.replacingOccurrences(of: "│", with: " ") }.joined(separator: " ")
            .split(separator: " ").joined(separator: " ")
    }
}
