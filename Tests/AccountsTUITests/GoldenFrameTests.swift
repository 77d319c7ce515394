import CredentialCore
import Foundation
import TestSupport
import Testing

@testable import AccountsUI

/// The screen in named states, each at 80x24, at the smallest size (40x10) and in ASCII, against
/// the frames kept in Golden/: a change of layout, wording or style shows as a diff of those
/// files. Each state is reached as a person would reach it, through keys and the core.
@Suite("Golden frames")
struct GoldenFrameTests {
    static let variants: [(title: String, size: Size, glyphs: Glyphs)] = [
        ("80x24", Size(width: 80, height: 24), .unicode),
        ("40x10", Size(width: 40, height: 10), .unicode),
        ("80x24, ASCII", Size(width: 80, height: 24), .ascii),
    ]

    @Test(arguments: GoldenState.allCases)
    func theScreenIsTheOneKept(_ state: GoldenState) async throws {
        var text = "# \(state.rawValue): \(state.summary)\n# \(Golden.legend)\n"
        for variant in Self.variants {
            let fixture = try await state.fixture()
            var session = await fixture.session(
                width: variant.size.width, height: variant.size.height, glyphs: variant.glyphs)
            try await state.drive(&session)
            #expect(!session.model.isBusy, "nothing is left in flight")
            text += "\n" + Golden.render(session.frame, title: variant.title)
        }
        try Golden.check(text, name: state.rawValue)
    }

    /// The kept text shows every cell and its style, and a difference names its lines.
    @Test func aFrameIsKeptCellByCellAndADifferenceNamesItsLines() {
        var frame = Frame(width: 6, height: 2)
        frame.write("ok", x: 0, y: 0, style: Style(.keyName, highlighted: true))
        #expect(
            Golden.render(frame, title: "t")
                == "t\n+------+\n|ok    |\n|      |\n+------+\n|KK....|\n|......|\n+------+\n")
        #expect(Golden.difference("a\nb\nc\n", "a\nb\nc\n") == nil)
        #expect(Golden.difference("a\nb\nc\n", "a\nB\nc\n") == "line 2:\n- b\n+ B")
        #expect(Golden.difference("a\n", "a\nb\n") == "line 2:\n- \n+ b\nline 3:\n- \n+ ")
    }
}

enum GoldenState: String, CaseIterable, Sendable {
    case empty
    case organizations
    case filter
    case loginForm = "login-form"
    case logoutConfirmation = "logout-confirmation"
    case help
    case banner
    case remembered
    case projects
    case patChoice = "pat-choice"
    case patRevokeConfirmation = "pat-revoke-confirmation"

    var summary: String {
        switch self {
        case .empty: "nothing stored yet"
        case .organizations:
            "six organizations, contoso the default, a default credential, after V; one row marked"
        case .filter: "typing the filter \"in\""
        case .loginForm: "a, an organization and a token typed (masked)"
        case .logoutConfirmation: "two rows marked, then d"
        case .help: "?"
        case .banner: "AZURE_DEVOPS_EXT_PAT set, and an organization_list line without a token"
        case .remembered:
            "the first frame, from ado-accounts.state: ages, expiry (soon, expired), two Jane Does told apart by e-mail"
        case .projects: "contoso the default with project Web; p, its 40 projects arrive, \"1\" typed"
        case .patChoice: "signed in to the Azure CLI, contoso's PAT linked, then j R"
        case .patRevokeConfirmation: "signed in to the Azure CLI, contoso's PAT linked, then j X"
        }
    }

    /// What earlier checks and the PAT lifecycle API left in ado-accounts.state, relative to
    /// `Fixture.now`.
    static let rememberedRecords: [String: CredentialRecord] = {
        func ago(_ seconds: Double) -> Date { Fixture.now.addingTimeInterval(-seconds) }
        func token(expiresIn days: Double) -> ServiceTokenInfo {
            ServiceTokenInfo(authorizationID: "auth", validTo: Fixture.now.addingTimeInterval(days * 86_400))
        }
        return [
            "contoso": CredentialRecord(
                checkedAt: ago(2 * 3600 + 60), outcome: .valid, displayName: "Jane Doe",
                email: "jane@contoso.example", token: token(expiresIn: 30.5)),
            "fabrikam": CredentialRecord(
                checkedAt: ago(86_400 * 1.5), outcome: .expired, displayName: "Jane Doe",
                email: "jane@fabrikam.example", token: token(expiresIn: -3)),
            "northwind": CredentialRecord(checkedAt: ago(5 * 60 + 5), outcome: .rejected),
            "tailspin": CredentialRecord(
                checkedAt: ago(3 * 86_400), outcome: .valid, displayName: "Sam Lee",
                token: token(expiresIn: 5.2)),
        ]
    }()

    static let names = ["contoso", "fabrikam", "northwind", "tailspin", "adventure-works", "wingtip"]

    func fixture() async throws -> Fixture {
        switch self {
        case .empty:
            return try Fixture()
        case .banner:
            let fixture = try Fixture(environment: ["AZURE_DEVOPS_EXT_PAT": "from-the-environment"])
            try await fixture.seed(["contoso", "fabrikam"])
            let index = fixture.directory.appending("cfg/organization_list")
            try FileSnapshot.write(
                (FileSnapshot.text(index) ?? "") + (try key("ghost")).rawValue + "\n", to: index)
            return fixture
        case .remembered:
            let fixture = try Fixture()
            try await fixture.seed(["contoso", "fabrikam", "northwind", "tailspin", "wingtip"])
            try fixture.remember(Self.rememberedRecords)
            return fixture
        case .patChoice, .patRevokeConfirmation:
            let fixture = try Fixture()
            try await fixture.seed(Self.names)
            // An az on PATH and its profile signed in as Jane; contoso's token's service entry.
            let az = fixture.directory.appending("no-az/az")
            try FileManager.default.createDirectory(
                atPath: fixture.directory.appending("no-az"), withIntermediateDirectories: true)
            try FileSnapshot.write("#!/bin/sh\nexit 1\n", to: az, mode: 0o755)
            try FileSnapshot.write(
                ScriptedAzureCLI.profile([
                    .init(user: "jane@contoso.com", tenant: "72f988bf-0000-0000-0000-000000000001")
                ]), to: fixture.directory.appending("azure/azureProfile.json"))
            let contoso = try key("contoso")
            try fixture.manager.remember { $0[credential: contoso].token = PATKeysTests.laptop }
            return fixture
        default:
            let fixture = try Fixture()
            try await fixture.seed(Self.names, defaultCredential: true)
            _ = try fixture.manager.setDefaultOrganization(
                OrganizationURL("contoso"), project: self == .projects ? "Web" : nil)
            fixture.verifier.accept("pat-contoso", as: "Jane Doe")
            fixture.verifier.accept("pat-northwind", as: "Jane Doe")
            fixture.verifier.answer(
                "https://dev.azure.com/fabrikam", .rejected(reason: "HTTP 401: the token was not accepted"))
            fixture.verifier.answer(
                "https://dev.azure.com/tailspin", .unreachable(reason: "could not connect"))
            return fixture
        }
    }

    func drive(_ session: inout Session) async throws {
        // The cursor starts on the default organization; these states were kept from the top.
        if self != .projects { session.press("g") }
        switch self {
        case .empty, .banner, .remembered:
            break
        case .organizations:
            await session.pressAndSettle("V")
            session.press("j", " ")
        case .filter:
            session.press("/")
            session.type("in")
        case .loginForm:
            session.fillLoginForm(organization: "northwind", token: "secret-token-value")
        case .logoutConfirmation:
            session.press(" ", " ", "d")
        case .help:
            session.press("?")
        case .projects:
            // The list is delivered as the core would answer (ProjectPickerTests reads it from a
            // real server): these organizations are not on this machine.
            session.press("p")
            _ = session.takePending()
            let names = ["Web", "Mobile Apps"] + (1...38).map { "Service \($0)" }
            session.send(.projectsLoaded(generation: session.model.projectGeneration, .success(names)))
            session.type("1")
        case .patChoice:
            session.press("j", "R")
        case .patRevokeConfirmation:
            session.press("j", "X")
        }
        await session.settle()
    }
}
