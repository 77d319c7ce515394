import CredentialCore
import TestSupport
import Testing

@testable import AccountsUI

/// A manager that reads a stand-in keyring first and the real file second, and writes the file:
/// `m` moves between them with the core's migration (copy, read back, delete).
struct TwoStores {
    let fixture: Fixture
    let keyring = keyringStandIn()
    var file: FileCredentialStore {
        FileCredentialStore(path: fixture.directory.appending("cfg/personalAccessTokens"))
    }

    init() throws {
        let keyring = self.keyring
        fixture = try Fixture(
            stores: { [keyring, FileCredentialStore(path: $0 + "/personalAccessTokens")] }, writeKind: .file)
    }

    /// Stores tokens in the file (the write store), as a login would.
    func seed(_ names: [String], defaultCredential: Bool = false) async throws {
        try await fixture.seed(names, defaultCredential: defaultCredential)
    }
}

@Suite("m moves a token to the keyring")
struct MoveToKeyringTests {
    @Test func mMovesTheCurrentRowsTokenAndSaysSo() async throws {
        let stores = try TwoStores()
        try await stores.seed(["contoso", "fabrikam"])
        var session = await stores.fixture.session()
        let contoso = try #require(session.frame.row(containing: "[ ] dev.azure.com/contoso"))
        #expect(session.frame.line(contoso).contains("  file  "))

        session.press("m")
        let pending = session.takePending()
        #expect(pending == [.move(try key("contoso"), to: .keyring)])
        #expect(session.frame.contains("Moving the token for dev.azure.com/contoso to the keyring…"))
        #expect(session.model.isBusy)
        for effect in pending {
            for event in await Session.perform(effect, stores.fixture.manager) { session.send(event) }
        }
        await session.settle()
        #expect(
            session.model.status
                == Status("Moved the token for dev.azure.com/contoso from the file to the keyring.", .success)
        )
        #expect(!session.model.isBusy)
        #expect(session.frame.line(contoso).contains("  keyring  "), "the listing was read again")
        #expect(try stores.keyring.token(for: try key("contoso")) == PersonalAccessToken("pat-contoso"))
        #expect(try stores.file.storedKeys() == [try key("fabrikam")])
    }

    @Test func aTokenInBothStoresShowsBothAndMBringsItDownToOne() async throws {
        let stores = try TwoStores()
        try await stores.seed(["contoso"])
        try stores.keyring.store(PersonalAccessToken("pat-contoso"), for: try key("contoso"))
        var session = await stores.fixture.session()
        let row = try #require(session.frame.row(containing: "[ ] dev.azure.com/contoso"))
        #expect(session.frame.line(row).contains("  keyring+file  "), "the column is wide enough for both")
        #expect(session.frame.contains("1 problem with the stored tokens"), "doctor says so too")

        await session.pressAndSettle("m")
        #expect(
            session.model.status
                == Status(
                    "The keyring held the same token for dev.azure.com/contoso already; the copy in the file was removed.",
                    .success))
        #expect(!session.frame.contains("problem"), "and the doctor banner went with it")
        let after = try #require(session.frame.row(containing: "[ ] dev.azure.com/contoso"))
        #expect(after == row - 2, "the list moved up into the banner's lines")
        #expect(session.frame.line(after).contains("  keyring  "))
    }

    @Test func differentTokensAreBothKept() async throws {
        let stores = try TwoStores()
        try await stores.seed(["contoso"])
        try stores.keyring.store(PersonalAccessToken("another"), for: try key("contoso"))
        var session = await stores.fixture.session(width: 160)
        await session.pressAndSettle("m")
        #expect(
            session.model.status
                == Status(
                    "The keyring and the file hold different tokens for dev.azure.com/contoso: both were kept, and az uses the keyring's. Log in again to keep one.",
                    .warning))
        #expect(try stores.file.token(for: try key("contoso")) == PersonalAccessToken("pat-contoso"))
        #expect(try stores.keyring.token(for: try key("contoso")) == PersonalAccessToken("another"))
    }

    @Test func theDefaultCredentialMovesToo() async throws {
        let stores = try TwoStores()
        try await stores.seed(["contoso"], defaultCredential: true)
        var session = await stores.fixture.session()
        session.press("j")
        #expect(session.model.currentRow?.isDefaultCredential == true)
        session.press("m")
        #expect(session.takePending() == [.move(.defaultCredential, to: .keyring)])
        session.press("m")
        await session.settle()
        #expect(
            session.model.status
                == Status(
                    "Moved the token for the default credential from the file to the keyring.", .success))
        #expect(try stores.keyring.storedKeys() == [.defaultCredential])
    }

    @Test func nothingToMoveIsSaidWithoutAskingTheCore() async throws {
        let stores = try TwoStores()
        try await stores.seed(["contoso"])
        try stores.fixture.manager.defaults.configure(["organization=lonely"])
        try stores.keyring.store(PersonalAccessToken("pat-northwind"), for: try key("northwind"))
        var session = await stores.fixture.session()
        #expect(session.model.currentName == "dev.azure.com/lonely")
        session.press("m")
        #expect(session.takePending().isEmpty)
        #expect(
            session.frame.contains("Nothing is stored for dev.azure.com/lonely: there is no token to move."))
        session.press("j", "m")
        #expect(session.model.currentName == "dev.azure.com/northwind")
        #expect(session.takePending().isEmpty)
        #expect(session.frame.contains("The token for dev.azure.com/northwind is in the keyring already."))
    }

    @Test func withoutAKeyringTheStatusSaysWhy() async throws {
        let fixture = try Fixture(stores: { [FileCredentialStore(path: $0 + "/personalAccessTokens")] })
        try await fixture.seed(["contoso"])
        var session = await fixture.session(width: 160)
        await session.pressAndSettle("m")
        let why =
            "The keyring cannot be used: there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set); nothing was moved."
        #expect(session.model.status == Status(why, .error))
        #expect(session.frame.contains(why))
        #expect(session.frame.style(of: "The keyring cannot be used")?.role == .error)
        #expect(session.model.rows.first?.stores == [.file])
    }

    @Test func aFailureOrAnAnswerWithoutTheKeyIsReported() async throws {
        let stores = try TwoStores()
        try await stores.seed(["contoso"])
        var session = await stores.fixture.session()
        session.send(
            .moveFinished(
                try key("contoso"), .failure(CredentialError(.storage, "The keyring did not answer."))))
        #expect(session.model.status == Status("The keyring did not answer.", .error))
        #expect(session.takePending() == [.load(generation: 2)])
        // Another process moved it meanwhile: the core finds it in the keyring and moves nothing.
        try stores.keyring.store(PersonalAccessToken("pat-contoso"), for: try key("contoso"))
        _ = try stores.file.remove([try key("contoso")])
        let nothing = try stores.fixture.manager.move(try key("contoso"), to: .keyring)
        #expect(nothing.entries.isEmpty)
        session.send(.moveFinished(try key("contoso"), .success(nothing)))
        #expect(
            session.model.status == Status("The token for dev.azure.com/contoso is in the keyring already."))
    }

    @Test func mIsInTheHelpAndTheHintsWhereItApplies() async throws {
        let stores = try TwoStores()
        try await stores.seed(["contoso"])
        var wide = await stores.fixture.session(width: 110)
        #expect(wide.frame.lines[23].contains("m to keyring"))
        await wide.pressAndSettle("m")
        wide.press("j")
        #expect(!wide.frame.lines[23].contains("m to keyring"), "nothing left to move on this row")
        #expect(HelpScreen.sections(.unicode).flatMap(\.entries).contains { $0.keys == "m" })
    }
}
