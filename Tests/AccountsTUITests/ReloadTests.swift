import CredentialCore
import Glibc
import Testing

@testable import AccountsUI

@Suite("Reading the stores")
struct ReloadTests {
    @Test func rPicksUpWhatAnotherProcessChanged() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["alpha"])
        var session = await fixture.session()
        #expect(session.model.rows.count == 1)
        // az devops login, or another ado-accounts, stores a token meanwhile.
        try await fixture.seed(["bravo"])
        #expect(!session.frame.contains("bravo"))
        session.press("r")
        #expect(session.takePending() == [.load(generation: 2)])
        session.press("r")
        await session.settle()
        #expect(session.frame.contains("dev.azure.com/bravo"))
        #expect(session.frame.contains("Reloaded: 2 organizations."))
    }

    @Test func aStaleAnswerIsIgnored() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["alpha"])
        var session = await fixture.session()
        let old = try fixture.manager.accounts()
        session.press("r", "r")
        try await fixture.seed(["bravo"])
        session.send(.loaded(generation: 3, .success(try fixture.manager.accounts())))
        session.send(.loaded(generation: 2, .success(old)))
        #expect(session.model.rows.count == 2, "the older listing arrived last and was dropped")
    }

    @Test func theCursorStaysOnItsRowAcrossReloads() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["bravo", "delta"])
        var session = await fixture.session()
        session.press("j")
        try await fixture.seed(["alpha", "charlie"])
        await session.pressAndSettle("r")
        #expect(session.model.currentName == "dev.azure.com/delta")
    }

    @Test func aFailureToReadIsShownWithAWayOut() async throws {
        var session = await try Fixture().session()
        var fresh = Session(fixture: session.fixture, size: Size(width: 80, height: 24), glyphs: .unicode)
        #expect(fresh.frame.contains("Reading the stores…"))
        #expect(fresh.model.isBusy)
        fresh.send(.loaded(generation: 1, .failure(CredentialError(.storage, "The keyring did not answer."))))
        #expect(fresh.frame.contains("Could not read the stores: The keyring did not answer."))
        #expect(fresh.frame.contains("Press r to try again, q to quit."))

        session.send(
            .loaded(generation: 1, .failure(CredentialError(.storage, "The keyring did not answer."))))
        #expect(
            session.frame.contains("Could not read the stores: The keyring did not answer."),
            "a status over the last listing")
    }

    /// A sparse terabyte where the config goes used to abort the whole program on `r` (the
    /// read reserved the file's size first); it is now refused before anything is allocated.
    @Test func aHugeFileIsAStatusLineNotACrash() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["alpha"])
        var session = await fixture.session()
        #expect(truncate(fixture.configFile, 1 << 40) == 0 || truncate(fixture.configFile, 1 << 36) == 0)
        await session.pressAndSettle("r")
        #expect(session.frame.contains("Could not read the stores: \(fixture.configFile) is larger than 16"))
        #expect(session.frame.contains("MiB; refusing to read it."))
        #expect(session.model.rows.count == 1, "the last listing stays")
    }

    @Test func anEmptyStoreInvitesALogin() async throws {
        let session = await try Fixture().session()
        #expect(session.frame.contains("No credentials are stored yet."))
        #expect(session.frame.contains("Press a to log in to an organization."))
        #expect(session.frame.line(0).contains("0 organizations"))
    }
}
