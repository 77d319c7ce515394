import CredentialCore
import TestSupport
import Testing

@testable import AccountsUI

/// A scripted az on the fixture's PATH and its profile in the fixture's AZURE_CONFIG_DIR: the
/// listing reads the profile exactly as it would read the real Azure CLI's.
struct AzureFixture {
    let az: ScriptedAzureCLI
    let fixture: Fixture
    static let jane = ScriptedAzureCLI.Account(
        user: "jane@contoso.com", tenant: "72f988bf-0000-0000-0000-000000000001")
    static let bob = ScriptedAzureCLI.Account(
        user: "bob@fabrikam.com", tenant: "a1b2c3d4-0000-0000-0000-000000000002", subscription: "Dev",
        isDefault: false)

    init(installed: Bool = true, extra: [String: String] = [:]) throws {
        az = try ScriptedAzureCLI()
        var environment = ["AZURE_CONFIG_DIR": az.configDirectory].merging(extra) { $1 }
        if installed { environment["PATH"] = az.binDirectory }
        fixture = try Fixture(environment: environment)
    }

    /// What the Azure CLI's profile says now, as the runtime reads it after az has run.
    var state: AzureCLIState { AzureCLI(environment: fixture.manager.environment).state() }
}

@Suite("The Azure CLI: its line, the footer, L and O")
struct AzureCLITests {
    @Test func theLineUnderTheTitleSaysWhoIsSignedIn() async throws {
        let signedIn = try AzureFixture()
        try await signedIn.fixture.seed(["contoso"])
        try signedIn.az.signIn([AzureFixture.jane])
        let wide = await signedIn.fixture.session()
        #expect(
            wide.frame.line(1).hasPrefix(" Azure CLI: jane@contoso.com · az devops tries it before any PAT"))
        #expect(wide.frame.line(1).hasSuffix("O sign out"))
        #expect(wide.frame.style(of: "jane@contoso.com")?.role == .valid)
        #expect(wide.frame.style(of: "O sign out")?.role == .keyName)
        #expect(wide.frame.line(2).contains("ORGANIZATION"))

        // The note goes first, then the key; the account stays.
        let narrow = await signedIn.fixture.session(width: 40, height: 10)
        #expect(narrow.frame.line(1) == " Azure CLI: jane@contoso.com")
        try signedIn.az.signIn([AzureFixture.jane, AzureFixture.bob])
        let two = await signedIn.fixture.session(width: 40, height: 10)
        #expect(two.frame.line(1) == " Azure CLI: jane@contoso.com (2 tenants)")

        let signedOut = try AzureFixture()
        #expect(
            await signedOut.fixture.session(width: 40, height: 10).frame.line(1)
                == " Azure CLI: not signed in     L sign in")

        // Not installed and nobody signed in: only a tall screen spends a line on it.
        let absent = try AzureFixture(installed: false)
        #expect(await absent.fixture.session().frame.line(1) == " Azure CLI: not installed")
        let short = await absent.fixture.session(width: 80, height: 12)
        #expect(!short.frame.contains("Azure CLI"))
        #expect(short.frame.line(1).contains("ORGANIZATION"))

        // A profile left behind without az: az devops cannot run, and the line says why.
        let orphan = try AzureFixture(installed: false)
        try orphan.az.signIn([AzureFixture.jane])
        #expect(
            await orphan.fixture.session().frame.line(1) == " Azure CLI: jane@contoso.com · az is not on PATH"
        )
    }

    @Test func aBrokenProfileReadsAsSignedOutAndSaysSo() async throws {
        let azure = try AzureFixture()
        try azure.az.writeProfile("\u{FEFF}{ not json")
        let session = await azure.fixture.session(width: 160)
        #expect(
            session.frame.line(1).contains(
                "Azure CLI: not signed in · \(azure.az.profilePath) is not a valid Azure CLI profile"))
    }

    @Test func theFooterSaysWhenAnAzureCLITokenIsTriedFirst() async throws {
        let azure = try AzureFixture()
        try await azure.fixture.seed(["contoso"], defaultCredential: true)
        try azure.fixture.manager.defaults.configure(["organization=lonely"])
        try azure.az.signIn([AzureFixture.jane])
        var session = await azure.fixture.session(width: 160)
        session.press("g")
        #expect(
            session.frame.contains(
                "https://dev.azure.com/contoso: Azure CLI token tried first (jane@contoso.com); else its own PAT (file)"
            ))
        session.press("j")
        #expect(
            session.frame.contains(
                "https://dev.azure.com/lonely: Azure CLI token tried first (jane@contoso.com); else the default credential (file)"
            ))
        session.press("j")
        #expect(
            session.frame.contains(
                "The default credential (file): for organizations without a PAT of their own."),
            "the default credential's row says what it always said")

        // Several tenants: each token is tried in turn; one user is named once.
        try azure.az.signIn([AzureFixture.jane, AzureFixture.bob])
        await session.pressAndSettle("r")
        session.press("g", "j", "k")
        #expect(
            session.frame.contains(
                "https://dev.azure.com/contoso: 2 Azure CLI tokens tried first (jane@contoso.com, bob@fabrikam.com); else its own PAT (file)"
            ))
    }

    @Test func withoutAnyPATALoneSignInApplies() async throws {
        let azure = try AzureFixture()
        try azure.fixture.manager.defaults.configure(["organization=contoso"])
        try azure.az.signIn([AzureFixture.jane])
        let session = await azure.fixture.session(width: 120)
        #expect(
            session.frame.contains(
                "https://dev.azure.com/contoso uses the Azure CLI token (jane@contoso.com): no PAT is stored for it"
            ))

        try azure.az.signIn([AzureFixture.jane, AzureFixture.bob])
        let two = await azure.fixture.session(width: 140)
        #expect(
            two.frame.contains(
                "https://dev.azure.com/contoso: 2 Azure CLI tokens tried in turn (jane@contoso.com, bob@fabrikam.com); no PAT to fall back on"
            ))
    }

    @Test func aPATVariableIsTheFallbackAfterTheAzureCLI() async throws {
        let azure = try AzureFixture(extra: ["AZURE_DEVOPS_EXT_PAT": "x"])
        try await azure.fixture.seed(["contoso"])
        try azure.az.signIn([AzureFixture.jane])
        let session = await azure.fixture.session(width: 140)
        #expect(
            session.frame.contains(
                "https://dev.azure.com/contoso: Azure CLI token tried first (jane@contoso.com); else AZURE_DEVOPS_EXT_PAT (from the environment)"
            ))
    }

    @Test func rPicksUpASignInMadeElsewhere() async throws {
        let azure = try AzureFixture()
        try await azure.fixture.seed(["contoso", "fabrikam"])
        var session = await azure.fixture.session()
        #expect(session.frame.line(1).hasPrefix(" Azure CLI: not signed in"))
        #expect(session.frame.contains("https://dev.azure.com/contoso uses its own PAT (file)"))
        try azure.az.signIn([AzureFixture.jane])
        #expect(session.frame.line(1).hasPrefix(" Azure CLI: not signed in"), "nothing is read until asked")
        await session.pressAndSettle("r")
        session.press("j", "k")
        #expect(session.frame.line(1).hasPrefix(" Azure CLI: jane@contoso.com"))
        #expect(session.frame.contains("https://dev.azure.com/contoso: Azure CLI token tried first"))
        #expect(azure.az.calls.isEmpty, "reading the sign-in runs no az")
    }

    @Test func capitalLRunsAzLoginThenShowsWhoSignedIn() async throws {
        let azure = try AzureFixture()
        try await azure.fixture.seed(["contoso"])
        var session = await azure.fixture.session()
        session.press("L")
        #expect(session.takePending() == [.azureCLI(.login)])
        #expect(session.frame.contains("az login is running…"))

        // What the runtime sends back once az has ended.
        try azure.az.signIn([AzureFixture.jane])
        session.send(.azureCLIFinished(.login, .success(AzureCLIRun(status: 0, state: azure.state))))
        #expect(session.frame.line(1).hasPrefix(" Azure CLI: jane@contoso.com"), "the line changes at once")
        #expect(
            session.model.status
                == Status(
                    "Azure CLI: signed in as jane@contoso.com. az devops now tries it before any PAT.",
                    .success))
        #expect(session.takePending() == [.load(generation: 2)], "and the listing is read again")
    }

    @Test func aFailedOrInterruptedAzLoginIsReported() async throws {
        let azure = try AzureFixture()
        var session = await azure.fixture.session()
        session.send(.azureCLIFinished(.login, .success(AzureCLIRun(status: 1, state: azure.state))))
        #expect(
            session.model.status
                == Status("az login exited with status 1; the Azure CLI is not signed in.", .error))
        #expect(session.frame.style(of: "az login exited with status 1")?.role == .error)
        session.send(.azureCLIFinished(.login, .success(AzureCLIRun(status: 130, state: azure.state))))
        #expect(
            session.model.status
                == Status("az login was interrupted; the Azure CLI is not signed in.", .warning))
        session.send(.azureCLIFinished(.login, .success(AzureCLIRun(status: 0, state: azure.state))))
        #expect(
            session.model.status?.text.hasPrefix("az login finished, but no account is signed in") == true)
        session.send(
            .azureCLIFinished(
                .login, .failure(CredentialError(.storage, "Cannot run az: Permission denied."))))
        #expect(session.model.status == Status("Cannot run az: Permission denied.", .error))
    }

    @Test func withoutAzLShowsHowToInstallIt() async throws {
        let azure = try AzureFixture(installed: false)
        var session = await azure.fixture.session()
        session.press("L")
        #expect(session.takePending().isEmpty, "the screen stays: nothing to run")
        let hint = "The Azure CLI (az) is not installed. " + AzureCLI.installHint
        #expect(session.model.status == Status(hint, .warning))
        #expect(session.frame.contains("The Azure CLI (az) is not installed. Install the Azure CLI:"))

        // When the runtime finds no az (removed since the last listing), the same words.
        session.send(.azureCLIFinished(.login, .failure(CredentialError(.notFound, hint))))
        #expect(session.model.status == Status(hint, .warning))
    }

    @Test func capitalOAsksThenRunsAzLogout() async throws {
        let azure = try AzureFixture()
        try await azure.fixture.seed(["contoso"])
        try azure.az.signIn([AzureFixture.jane])
        var session = await azure.fixture.session()
        session.press("O")
        #expect(session.takePending().isEmpty)
        #expect(session.frame.contains("Sign out of the Azure CLI (jane@contoso.com)?"))
        #expect(session.frame.contains("Stored PATs apply again: az devops stops trying this sign-in"))
        #expect(session.frame.contains("y sign out    n cancel"))
        #expect(session.frame.lines[23].contains("y sign out"))
        session.press("x", "j")
        #expect(session.model.overlay != nil, "other keys do nothing")

        for cancel: Key in ["n", .escape] {
            session.press(cancel)
            #expect(session.model.overlay == nil)
            #expect(session.takePending().isEmpty)
            #expect(session.frame.contains("Still signed in to the Azure CLI."))
            session.press("O")
        }
        session.press("y")
        #expect(session.model.overlay == nil)
        #expect(session.takePending() == [.azureCLI(.logout)])
        #expect(session.frame.contains("az logout is running…"))

        try azure.az.writeProfile(ScriptedAzureCLI.profile([]))
        session.send(.azureCLIFinished(.logout, .success(AzureCLIRun(status: 0, state: azure.state))))
        #expect(session.model.status == Status("Azure CLI: signed out; stored PATs apply again.", .success))
        #expect(session.frame.line(1).hasPrefix(" Azure CLI: not signed in"))
        await session.settle()
        #expect(
            ScreenParts.detail(of: try #require(session.model.currentRow), session.model)
                == "https://dev.azure.com/contoso uses its own PAT (file)")
    }

    @Test func capitalOSaysWhoStaysSignedIn() async throws {
        let azure = try AzureFixture()
        let carol = ScriptedAzureCLI.Account(
            user: "carol@northwind.com", tenant: "0c0c0c0c-0000-0000-0000-000000000003", isDefault: false)
        try azure.az.signIn([AzureFixture.jane, AzureFixture.bob, carol])
        var session = await azure.fixture.session()
        session.press("O")
        #expect(session.frame.contains("Sign out of the Azure CLI (jane@contoso.com (3 tenants))?"))
        #expect(session.frame.contains("Still signed in afterwards: bob@fabrikam.com,"))
        #expect(session.frame.contains("carol@northwind.com."))

        // az logout signed out one account of several.
        session.press("y")
        try azure.az.signIn([AzureFixture.bob])
        session.send(.azureCLIFinished(.logout, .success(AzureCLIRun(status: 0, state: azure.state))))
        #expect(session.model.status == Status("Azure CLI: still signed in as bob@fabrikam.com.", .warning))
    }

    @Test func capitalOWhenNothingIsSignedInOrAzIsGone() async throws {
        var session = await try AzureFixture().fixture.session()
        session.press("O")
        #expect(session.model.overlay == nil)
        #expect(session.frame.contains("The Azure CLI is not signed in: there is nothing to sign out of."))

        let orphan = try AzureFixture(installed: false)
        try orphan.az.signIn([AzureFixture.jane])
        var alone = await orphan.fixture.session()
        alone.press("O")
        #expect(alone.model.overlay == nil)
        #expect(alone.takePending().isEmpty)
        #expect(
            alone.model.status?.text.hasPrefix(
                "az is not on PATH, so it cannot sign out of jane@contoso.com.") == true)
    }

    @Test func theSmallestScreenKeepsRowsWithTheLineAndABanner() async throws {
        let azure = try AzureFixture(extra: ["AZURE_DEVOPS_EXT_PAT": "x"])
        try await azure.fixture.seed(["alpha", "bravo", "charlie", "delta", "echo"])
        try azure.az.signIn([AzureFixture.jane])
        var session = await azure.fixture.session(width: 40, height: 10)
        let lines = session.frame.lines
        #expect(lines[1] == " Azure CLI: jane@contoso.com", "no room for the key as well")
        #expect(lines[2].hasPrefix(" ! AZURE_DEVOPS_EXT_PAT is set"))
        #expect(lines[3].contains("ORGANIZATION"))
        #expect(lines[4...7].allSatisfy { $0.contains("[ ]") }, "four rows of the list")
        #expect(lines[9].contains("q quit"))
        session.press("G")
        #expect(session.model.currentName == "dev.azure.com/echo")
        #expect(session.frame.contains("echo"), "the cursor's row is on the screen")
    }

    @Test func theKeysAreInTheHelpAndTheHints() async throws {
        let azure = try AzureFixture()
        // A row: the empty list's footer leaves room for every key it offers.
        try await azure.fixture.seed(["contoso"])
        var session = await azure.fixture.session(width: 160)
        #expect(session.frame.lines[23].contains("L az login"), "a wide screen has room for every key")
        try azure.az.signIn([AzureFixture.jane])
        await session.pressAndSettle("r")
        #expect(session.frame.lines[23].contains("O az logout"))
        #expect(!session.frame.lines[23].contains("L az login"))
        let narrow = await azure.fixture.session()
        #expect(!narrow.frame.lines[23].contains("az logout"), "80 columns keep the list's own keys")

        let help = HelpScreen.sections(.unicode).flatMap(\.entries)
        #expect(help.contains { $0.keys == "L" && $0.action.contains("az login") })
        #expect(help.contains { $0.keys == "O" && $0.action.contains("az logout") })
        #expect(help.contains { $0.keys == "Ctrl-C" && $0.action.contains("stops az") })
        #expect(help.contains { $0.keys == "Ctrl-Z" && $0.action.contains("suspends az") })
    }
}
