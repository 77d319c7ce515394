import CredentialCore
import TestSupport
import Testing

@testable import AccountsUI

#if canImport(Glibc)
    import Glibc
#endif

@Suite("What the screen shows")
struct ScreenTests {
    @Test func theMainScreenAt80x24() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso", "fabrikam"], defaultCredential: true)
        try fixture.manager.defaults.configure(["organization=lonely"])
        var session = await fixture.session()
        #expect(session.model.currentName == "dev.azure.com/lonely", "the cursor starts on the default")
        session.press("g")
        let lines = session.frame.lines
        #expect(lines[0].hasPrefix(" ado-accounts  3 organizations  file memory"))
        #expect(lines[0].hasSuffix("1/4"))
        #expect(lines[1] == " Azure CLI: not installed", "a tall screen has room to say so")
        #expect(lines[2] == "       ORGANIZATION            STORE                                STATE")
        #expect(lines[3].hasPrefix("   [ ] dev.azure.com/contoso   file"))
        #expect(lines[3].hasSuffix("unknown"))
        #expect(lines[5] == " ★ [ ] dev.azure.com/lonely    -                                    unknown")
        #expect(lines[6].hasPrefix("   [ ] any organization        file"))
        #expect(lines[21] == " https://dev.azure.com/contoso uses its own PAT (file)")
        #expect(lines[23].contains("a add"))
        #expect(lines[23].contains("? help"))
        #expect(lines[23].contains("q quit"))
        #expect(session.frame.style(of: "ado-accounts")?.role == .title)
        #expect(session.frame.style(of: "ORGANIZATION")?.role == .header)
        #expect(session.frame[10, 3].style.isHighlighted)
        #expect(!session.frame[10, 4].style.isHighlighted)
        #expect(session.frame.style(of: "Azure CLI:")?.role == .muted)
    }

    @Test func theFooterSaysWhichTokenEachRowWouldUse() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso"], defaultCredential: true)
        try fixture.manager.defaults.configure(["organization=lonely"])
        var session = await fixture.session()
        session.press("g")
        #expect(session.frame.contains("https://dev.azure.com/contoso uses its own PAT (file)"))
        session.press("j")
        #expect(session.frame.contains("https://dev.azure.com/lonely uses the default credential (file)"))
        session.press("j")
        #expect(
            session.frame.contains(
                "The default credential (file): for organizations without a PAT of their own."))

        let overridden = try Fixture(environment: ["AZURE_DEVOPS_EXT_PAT": "x"])
        try await overridden.seed(["contoso"])
        let other = await overridden.session()
        #expect(
            other.frame.contains(
                "https://dev.azure.com/contoso uses AZURE_DEVOPS_EXT_PAT (from the environment)"))
        #expect(other.frame.line(2).contains("AZURE_DEVOPS_EXT_PAT is set: it overrides every stored token."))
        #expect(other.frame.style(of: "AZURE_DEVOPS_EXT_PAT is set")?.role == .banner)
        #expect(!other.frame.contains(" x "), "the variable's value is never shown")

        let bare = try Fixture()
        try bare.manager.defaults.configure(["organization=lonely"])
        #expect(
            await bare.session().frame.contains(
                "https://dev.azure.com/lonely has no token: press a to log in"))
    }

    @Test func aTokenFileReadableByOthersGetsABanner() async throws {
        let fixture = try Fixture(stores: { [FileCredentialStore(path: $0 + "/personalAccessTokens")] })
        try await fixture.seed(["contoso"])
        let path = fixture.directory.appending("cfg/personalAccessTokens")
        chmod(path, 0o644)
        let session = await fixture.session(width: 200)
        #expect(session.frame.line(2).contains("\(path) is readable by others (mode 644)"))
        #expect(session.frame.line(0).contains("1 organization  file \(path)"))
    }

    @Test func aNarrowColumnNamesOrganizationsByTheirBareName() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["adventure-works-international", "contoso"])
        try fixture.manager.defaults.configure([
            "organization=https://tfs.example.com:8080/tfs/DefaultCollection"
        ])
        let wide = await fixture.session(width: 100)
        #expect(wide.frame.contains("dev.azure.com/adventure-works-international"))
        var narrow = await fixture.session(width: 40, height: 10)
        narrow.press("g")
        // Line 1: doctor's banner (the default organization has no token).
        let rows = narrow.frame.lines[3..<6].joined(separator: "\n")
        #expect(rows.contains("[ ] adventure-…rnational"), "cut in the middle: its end stays")
        #expect(rows.contains("[ ] contoso"))
        #expect(rows.contains("tfs.exampl…:8080/tfs"), "a server keeps its URL, start and end")
        #expect(!rows.contains("dev.azure.com/"))
        #expect(
            narrow.frame.line(8).hasPrefix(" https://dev.azure.com/adventure-works"),
            "the footer keeps the URL")
    }

    @Test func homeIsShownAsTilde() {
        #expect(
            ScreenParts.abbreviated("/home/ada/.azure/azuredevops/personalAccessTokens", home: "/home/ada")
                == "~/.azure/azuredevops/personalAccessTokens")
        #expect(ScreenParts.abbreviated("/home/adam/x", home: "/home/ada") == "/home/adam/x")
        #expect(ScreenParts.abbreviated("/x", home: "/") == "/x")
    }

    @Test func withoutUTF8TheScreenIsPlainASCII() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso", "fabrikam"], defaultCredential: true)
        var session = await fixture.session(glyphs: .ascii)
        session.press("v", "a")
        session.type("contoso")
        session.press(.tab)
        session.type("pat")
        session.press(.escape, "d")
        #expect(session.frames.filter { !$0.cells.allSatisfy(\.character.isASCII) }.isEmpty)
        #expect(session.frames[1].line(3).hasPrefix(" * [ ]"), "* marks the default")
        session.press(.escape, "a", .tab)
        session.type("abc")
        #expect(session.frame.contains("Token (PAT)   *** "))
    }

    @Test func textFromOutsideCannotDriveTheTerminal() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso"])
        let hostile = "Eve\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}31m\u{202E}gnp.exe\u{0D}"
        fixture.verifier.answer(
            "https://dev.azure.com/contoso", .valid(Identity(displayName: hostile, id: "x")))
        var session = await fixture.session(width: 160)
        await session.pressAndSettle("v")
        session.send(.loginFinished(.failure(CredentialError(.rejected, "bad \u{1B}[31m answer\u{07}"))))
        session.send(.defaultChanged(.failure(CredentialError(.storage, "\u{1B}c reset"))))
        #expect(session.frame.contains("Eve\\u{1b}]0;owned"))
        let unsafe = session.frames.filter { frame in
            frame.cells.contains { $0.character.unicodeScalars.contains(where: Frame.isUnsafe) }
        }
        #expect(unsafe.isEmpty)
    }

    @Test func bannersAreCappedOnShortScreens() async throws {
        var model = Model(
            size: Size(width: 80, height: 12), glyphs: .unicode, storeNotice: "Not using the keyring: no bus."
        )
        model.size = Size(width: 80, height: 12)
        model.showsStoreNotice = true
        let frame = view(model)
        #expect(frame.line(1).contains("! Not using the keyring: no bus."))
        #expect(frame.style(of: "Not using the keyring")?.role == .banner)
    }

    /// Issue 14.11: the store notice takes banner lines on the launch that first meets its
    /// cause, with how to choose the file store for good; later launches keep it to the title.
    @Test func theStoreNoticeIsShownOncePerCause() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso"])
        func launch(_ notice: String) async -> Model {
            var (model, effects) = Model.start(
                size: Size(width: 100, height: 24), glyphs: .unicode, storeNotice: notice)
            while !effects.isEmpty {
                for event in await Session.perform(effects.removeFirst(), fixture.manager) {
                    let (next, more) = update(model, event)
                    model = next
                    effects += more
                }
            }
            return model
        }
        let first = await launch("Not using the keyring: no bus.")
        #expect(view(first).contains("! Not using the keyring: no bus. To choose the file store for good"))
        #expect(view(first).contains("ADO_ACCOUNTS_STORE=file"))
        let state = fixture.directory.appending("cfg/ado-accounts.state")
        #expect(
            FileSnapshot.text(state)?.contains("[notices]\nstore = Not using the keyring: no bus.") == true)

        let second = await launch("Not using the keyring: no bus.")
        #expect(second.banners.isEmpty, "the same cause: no banner")
        #expect(view(second).line(0).contains("file memory"), "the title names the store")

        let third = await launch("Not using the keyring: the default keyring is locked.")
        #expect(view(third).contains("! Not using the keyring: the default keyring is locked."))
    }
}
