import CredentialCore
import TestSupport
import Testing

@testable import AccountsUI

@Suite("Adding an organization: the login form")
struct LoginFormTests {
    /// Characters that appear nowhere else on the screen, so any leak would show.
    static let distinctivePAT = "ǂʬЖ§¤¶ÞðæŁq7z9XW"

    @Test func theFormTakesAnOrganizationAndAMaskedToken() async throws {
        let fixture = try Fixture()
        fixture.verifier.accept(Self.distinctivePAT, as: "Ada Lovelace")
        var session = await fixture.session()
        session.press("a")
        #expect(session.frame.contains("Log in"))
        #expect(session.model.loginForm?.focus == .organization)
        session.type("contoso")
        #expect(session.frame.contains("Organization  contoso"))
        session.press(.tab)
        #expect(session.model.loginForm?.focus == .token)
        session.type(Self.distinctivePAT)
        let count = Self.distinctivePAT.count
        #expect(session.frame.contains("Token (PAT)   " + String(repeating: "•", count: count)))
        #expect(!session.frame.contains(String(repeating: "•", count: count + 1)))
        session.press(.backspace)
        #expect(session.frame.contains("Token (PAT)   " + String(repeating: "•", count: count - 1) + " "))
        session.type(String(Self.distinctivePAT.last!))

        session.press(.control("r"))
        #expect(session.frame.contains("(hidden: \(count) characters)"))
        #expect(!session.frame.contains("•"))
        session.press(.control("r"))
        #expect(session.frame.contains(String(repeating: "•", count: count)))

        session.press(.enter)
        let pending = session.takePending()
        #expect(
            pending == [
                .login(
                    token: try PersonalAccessToken(Self.distinctivePAT),
                    organization: try OrganizationURL("contoso"))
            ])
        #expect(session.frame.contains("Checking the token with dev.azure.com/contoso…"))
        session.press("x", .backspace)
        #expect(session.model.loginForm?.isSubmitting == true, "keys wait while the check runs")
        session.send(.tick)
        #expect(session.frame.contains("⠙ Checking the token"), "the spinner turns")

        for effect in pending {
            for event in await Session.perform(effect, fixture.manager) { session.send(event) }
        }
        #expect(session.model.overlay == nil)
        #expect(
            session.model.status
                == Status(
                    "Logged in to dev.azure.com/contoso as Ada Lovelace. It is now the default organization.",
                    .success))
        #expect(
            session.frame.contains(
                " Logged in to dev.azure.com/contoso as Ada Lovelace. It is now the default"))
        #expect(session.frame.contains(" organization."))
        await session.settle()
        #expect(session.model.currentName == "dev.azure.com/contoso", "the new row is selected")
        let row = try #require(session.frame.row(containing: "dev.azure.com/contoso"))
        #expect(session.frame.line(row).contains("Ada Lovelace"))
        #expect(session.frame.line(row).hasSuffix("valid"), "the login's check is the row's state")
        #expect(try fixture.store.token(for: key("contoso"))?.revealed == Self.distinctivePAT)
    }

    @Test func aRejectedTokenKeepsTheFormOpenWithTheReason() async throws {
        let fixture = try Fixture()
        var session = await fixture.session()
        session.press("a")
        session.type("contoso")
        session.press(.enter)
        #expect(session.model.loginForm?.focus == .token, "Enter on the organization goes to the token")
        session.type("wrong-token")
        await session.pressAndSettle(.enter)
        let form = try #require(session.model.loginForm)
        #expect(!form.isSubmitting)
        #expect(session.frame.contains("https://dev.azure.com/contoso refused the token: HTTP 401"))
        #expect(session.frame.style(of: "refused the token")?.role == .error)
        #expect(try fixture.store.storedKeys().isEmpty)
        #expect(form.tokenLength == "wrong-token".count, "the token stays for another try")
        session.press(.backspace)
        #expect(session.model.loginForm?.error == nil, "editing clears the reason")
    }

    @Test func badInputIsCaughtBeforeAnythingRuns() async throws {
        var session = await try Fixture().session()
        session.press("a")
        session.type("not a url")
        session.press(.tab)
        session.type("token")
        session.press(.enter)
        #expect(session.takePending().isEmpty)
        #expect(session.model.loginForm?.focus == .organization)
        #expect(session.frame.contains("The organization contains a space"))

        session.press(.control("u"))
        session.type("contoso")
        session.press(.tab, .control("u"), .enter)
        #expect(session.takePending().isEmpty)
        #expect(session.frame.contains("The token is empty; nothing was stored."))
    }

    /// The core's hint in the screen's words: the screen cannot allow plain HTTP, only a new
    /// start can.
    @Test func plainHTTPIsRefusedWithTheScreensOwnAdvice() async throws {
        var session = await try Fixture().session()
        session.press("a")
        session.type("http://tfs.lan:8080/tfs")
        session.press(.tab)
        session.type("token")
        await session.pressAndSettle(.enter)
        #expect(
            session.model.loginForm?.error
                == "http://tfs.lan:8080/tfs would send the token unencrypted to tfs.lan. Use https://, or quit and start again with --allow-http to allow plain HTTP to this host."
        )
    }

    @Test func anEmptyOrganizationStoresTheDefaultCredential() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso"])
        var session = await fixture.session()
        // The form starts with the row's organization; Ctrl-U empties it.
        session.press("a", .control("u"), .tab)
        session.type("default-pat")
        session.press(.enter)
        #expect(
            session.takePending() == [
                .login(token: try PersonalAccessToken("default-pat"), organization: nil, verify: true)
            ])
        session.send(
            .loginFinished(
                .success(
                    try await fixture.manager.login(
                        token: PersonalAccessToken("default-pat"), organization: nil))))
        await session.settle()
        #expect(session.model.currentName == "any organization")
        #expect(session.frame.contains("Stored the default credential"))
        #expect(try fixture.store.token(for: .defaultCredential)?.revealed == "default-pat")
    }

    @Test func escCancelsAndStoresNothing() async throws {
        let fixture = try Fixture()
        var session = await fixture.session()
        session.fillLoginForm(organization: "contoso", token: "secret")
        session.press(.escape)
        #expect(session.model.overlay == nil)
        #expect(session.takePending().isEmpty)
        #expect(session.frame.contains("Nothing was stored."))
        #expect(try fixture.store.storedKeys().isEmpty)
    }

    @Test func theDefaultOrganizationWithoutATokenIsOfferedFirst() async throws {
        let fixture = try Fixture()
        try fixture.manager.defaults.configure(["organization=https://dev.azure.com/lonely"])
        var session = await fixture.session()
        #expect(session.frame.contains("dev.azure.com/lonely"))
        #expect(session.frame.contains("has no token: press a to log in"))
        session.press("a")
        #expect(session.frame.contains("Organization  https://dev.azure.com/lonely"))
        #expect(session.model.loginForm?.focus == .token)
    }

    @Test func theOrganizationFieldEdits() async throws {
        var session = await try Fixture().session()
        session.press("a")
        session.type("contso")
        session.press(.left, .left)
        session.type("o")
        session.press(.end)
        session.type("!")
        session.press(.home, .delete)
        #expect(session.model.loginForm?.organizationText == "ontoso!")
        session.press(.end, .backspace)
        #expect(session.model.loginForm?.organizationText == "ontoso")
    }

    @Test func noFrameEverContainsATypedTokenCharacter() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso", "fabrikam"])
        fixture.verifier.answer(
            "https://dev.azure.com/fabrikam", .rejected(reason: "HTTP 401: the token was not accepted"))
        fixture.verifier.accept(Self.distinctivePAT, as: "Grace")
        for glyphs in [Glyphs.unicode, .ascii] {
            for size in [
                Size(width: 80, height: 24), Size(width: 40, height: 10), Size(width: 200, height: 50),
            ] {
                var session = await fixture.session(width: size.width, height: size.height, glyphs: glyphs)
                session.press("a")
                session.type("fabrikam")
                session.press(.tab)
                session.type(Self.distinctivePAT + Self.distinctivePAT + Self.distinctivePAT)
                session.press(.control("r"), .control("r"))
                await session.pressAndSettle(.enter)
                session.send(.resize(Size(width: 40, height: 10)))
                session.send(.resize(size))
                session.press(.tab, .control("u"))
                session.type("contoso")
                session.press(.tab)
                for _ in 0..<(2 * Self.distinctivePAT.count) { session.press(.backspace) }
                await session.pressAndSettle(.enter)
                #expect(session.model.overlay == nil)
                session.press("?", .escape, "a", .tab)
                session.type(Self.distinctivePAT)
                session.press(.escape)

                #expect(session.frames.count > 100)
                let secret = Set(Self.distinctivePAT.unicodeScalars.filter { !$0.isASCII })
                let leaks = session.frames.filter { frame in
                    frame.text.contains("q7z9XW")
                        || frame.cells.contains {
                            $0.character.unicodeScalars.contains(where: secret.contains)
                        }
                }
                #expect(leaks.isEmpty)
                #expect(try fixture.store.token(for: key("contoso"))?.revealed == Self.distinctivePAT)
            }
        }
    }

    @Test func aLongTokenShowsItsLengthWhereTheDotsRunOut() async throws {
        var session = await try Fixture().session(width: 40, height: 10)
        session.press("a", .tab)
        session.type(String(repeating: "k", count: 84))
        #expect(session.frame.contains("(84) ••••"))
        #expect(!session.frame.contains("kk"), "no typed character, even at 40 columns")
    }

    @Test func theModelNeverPrintsTheToken() async throws {
        var session = await try Fixture().session()
        session.press("a", .tab)
        session.type("hunter2-secret")
        let form = try #require(session.model.loginForm)
        #expect(!String(describing: form).contains("hunter2"))
        #expect(!String(reflecting: session.model).contains("hunter2"))
    }
}

/// Issue 14.8: `a` on a row, storing without a check, and Esc during a check.
@Suite("The login form from a row")
struct LoginFormFromARowTests {
    @Test func aOnARowFillsInItsOrganizationAndTypingReplacesIt() async throws {
        let fixture = try Fixture()
        try await fixture.seed(["contoso", "fabrikam"])
        var session = await fixture.session()
        session.press("j", "a")
        #expect(session.model.loginForm?.organizationText == "https://dev.azure.com/fabrikam")
        #expect(session.frame.contains("Organization  https://dev.azure.com/fabrikam"))
        // Enter goes on to the token: replacing an expired PAT is a, Enter, paste, Enter.
        session.press(.enter)
        #expect(session.model.loginForm?.focus == .token)
        session.press(.escape, "a")
        session.type("northwind")
        #expect(session.model.loginForm?.organizationText == "northwind", "typing starts a new organization")
    }

    @Test func ctrlNStoresWithoutCheckingAndSaysSo() async throws {
        let fixture = try Fixture()
        fixture.verifier.answer("https://dev.azure.com/contoso", .unreachable(reason: "could not connect"))
        var session = await fixture.session()
        session.press("a")
        session.type("contoso")
        session.press(.tab, .control("n"))
        #expect(session.frame.contains("Stored without checking"))
        #expect(session.frame.lines.last?.contains("Ctrl-N check") == true)
        session.type("offline-pat")
        await session.pressAndSettle(.enter)
        #expect(
            session.effects.contains(
                .login(
                    token: try PersonalAccessToken("offline-pat"),
                    organization: try OrganizationURL("contoso"), verify: false)))
        #expect(
            session.model.status?.text.hasPrefix(
                "Stored a token for dev.azure.com/contoso without checking it.") == true)
        #expect(try fixture.store.token(for: key("contoso"))?.revealed == "offline-pat")
    }

    @Test func escDuringTheCheckCancelsItAndNothingIsStored() async throws {
        let fixture = try Fixture()
        var session = await fixture.session()
        session.fillLoginForm(organization: "contoso", token: "slow-pat")
        session.press(.enter)
        let login = session.takePending()
        #expect(session.model.loginForm?.isSubmitting == true)
        #expect(session.frame.lines.last?.contains("Esc cancel") == true)
        session.press(.escape)
        #expect(session.model.overlay == nil, "the form closes at once")
        #expect(session.takePending() == [.cancelLogin])
        #expect(session.model.isBusy, "the spinner turns until the cancelled check answers")
        // The runtime cancels the login's task: the core then stores nothing.
        let task = Task { await Session.perform(login[0], fixture.manager) }
        task.cancel()
        for event in await task.value { session.send(event) }
        #expect(session.model.status?.text == "The check was cancelled; nothing was stored.")
        #expect(!session.model.isBusy)
        #expect(try fixture.store.storedKeys().isEmpty)
    }
}
