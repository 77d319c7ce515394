import CredentialCore
import Foundation
import TestSupport
import Testing

@testable import AccountsUI

/// `n`, `R` and `X`: the PAT lifecycle from the list, shown only where the Azure CLI's sign-in,
/// the organization and a linked token make it possible, and explained where not.
@Suite("The PAT lifecycle keys")
struct PATKeysTests {
    static let jane = ScriptedAzureCLI.Account(
        user: "jane@contoso.com", tenant: "72f988bf-0000-0000-0000-000000000001")
    static let laptop = ServiceTokenInfo(
        authorizationID: "6f1c0000-0000-4000-8000-000000000001", name: "laptop", scope: "vso.code",
        validFrom: Date(timeIntervalSince1970: 1_796_594_400),
        validTo: Date(timeIntervalSince1970: 1_799_186_400))

    /// A scripted az (signed in as Jane unless told otherwise) and organizations stored on
    /// Azure DevOps Services; `linked` remembers the service entry of contoso's token.
    static func fixture(
        signedIn: Bool = true, installed: Bool = true, linked: Bool = false, seed: [String] = ["contoso"]
    ) async throws -> (Fixture, ScriptedAzureCLI) {
        let az = try ScriptedAzureCLI()
        var environment = ["AZURE_CONFIG_DIR": az.configDirectory]
        if installed { environment["PATH"] = az.binDirectory }
        let fixture = try Fixture(environment: environment)
        try await fixture.seed(seed)
        if signedIn { try az.signIn([jane]) }
        if linked {
            let key = try key("contoso")
            try fixture.manager.remember { $0[credential: key].token = laptop }
        }
        return (fixture, az)
    }

    static var contoso: OrganizationURL { try! OrganizationURL("contoso") }

    func footer(_ session: Session) -> String { session.frame.lines.last ?? "" }

    @Test func withoutASignInTheKeysAreHiddenAndSayWhy() async throws {
        let (fixture, az) = try await Self.fixture(signedIn: false)
        defer { withExtendedLifetime(az) {} }
        var session = await fixture.session(width: 200)
        for hint in ["n new PAT", "R renew/rotate", "X revoke"] {
            #expect(!footer(session).contains(hint), "\(hint) is hidden")
        }
        for key in ["n", "R", "X"] {
            session.press(.character(Character(key)))
            #expect(session.model.status?.text == "\(key) needs an Azure CLI sign-in: press L to sign in.")
            #expect(session.model.overlay == nil)
        }
        #expect(session.takePending().isEmpty)
    }

    @Test func signedInNCreatesButRenewAndRevokeNeedALinkedToken() async throws {
        let (fixture, az) = try await Self.fixture()
        defer { withExtendedLifetime(az) {} }
        var session = await fixture.session(width: 200)
        #expect(footer(session).contains("n new PAT"))
        #expect(!footer(session).contains("R renew/rotate") && !footer(session).contains("X revoke"))
        for key in ["R", "X"] {
            session.press(.character(Character(key)))
            #expect(
                session.model.status?.text
                    == "\(key) needs a token ado-accounts made or you linked: ado-accounts pat link --organization contoso --name NAME"
            )
        }
        #expect(session.takePending().isEmpty)
        session.press("n")
        #expect(session.takePending() == [.createPAT(Self.contoso)])
        #expect(session.model.status?.text == "Creating a PAT for dev.azure.com/contoso…")
        #expect(session.model.isBusy)
    }

    @Test func otherRowsAndAMissingAzSayWhyNot() async throws {
        let (fixture, az) = try await Self.fixture(
            installed: false, seed: ["contoso", "https://tfs.example.com/DefaultCollection"])
        defer { withExtendedLifetime(az) {} }
        _ = try await fixture.manager.login(
            token: PersonalAccessToken("pat-default"), organization: nil, verify: false)
        var session = await fixture.session(width: 200)
        #expect(!footer(session).contains("n new PAT"))
        session.press("n")
        #expect(
            session.model.status?.text.hasPrefix("n needs the Azure CLI (az), which is not on PATH.") == true)
        session.press("j")
        #expect(session.model.currentName == "tfs.example.com/defaultcollection")
        session.press("n")
        #expect(
            session.model.status?.text
                == "n needs Azure DevOps Services' PAT lifecycle API, which tfs.example.com/defaultcollection does not have: paste a PAT with a instead."
        )
        session.press("G")
        #expect(session.model.currentRow?.isDefaultCredential == true)
        session.press("X")
        #expect(
            session.model.status?.text
                == "X acts on an organization's PAT; the default credential is not an organization.")
        #expect(session.takePending().isEmpty)
    }

    @Test func rAsksRenewOrRotateNamingTheTokenAndEachAnswerAsksTheCore() async throws {
        let (fixture, az) = try await Self.fixture(linked: true)
        defer { withExtendedLifetime(az) {} }
        var session = await fixture.session(width: 200)
        #expect(footer(session).contains("R renew/rotate"), "\(footer(session))")
        #expect(footer(session).contains("X revoke"), "\(footer(session))")

        session.press("R")
        #expect(session.model.keyContext == .patChoice)
        #expect(session.frame.contains("Renew or rotate the PAT of dev.azure.com/contoso?"))
        #expect(session.frame.contains("'laptop', valid until 2027-01-05"))
        #expect(session.frame.contains("r renew    t rotate    Esc cancel"))
        session.press("x", "n", "y")
        #expect(session.takePending().isEmpty, "other keys do nothing in the question")
        session.press(.escape)
        #expect(session.model.overlay == nil)
        #expect(session.model.status?.text == "The PAT was left as it is.")
        #expect(session.takePending().isEmpty)

        session.press("R", "r")
        #expect(session.takePending() == [.renewPAT(Self.contoso, days: nil)])
        #expect(session.model.status?.text == "Renewing the PAT of dev.azure.com/contoso…")
        session.send(.patFinished(Self.contoso, .success(.renewed(Self.laptop))))
        #expect(session.model.status == Status("Renewed 'laptop': valid until 2027-01-05.", .success))
        #expect(session.takePending().map(\.isLoad) == [true], "the listing is read again")

        session.press("R", "t")
        #expect(session.takePending() == [.rotatePAT(Self.contoso)])
        let refusal = CredentialError(
            .rejected,
            "dev.azure.com/contoso refused creating the new token: the organization's policy forbids full-access PATs."
        )
        session.send(.patFinished(Self.contoso, .failure(refusal)))
        #expect(session.model.status == Status(refusal.message, .error))
        #expect(session.model.operationsInFlight == 0)
    }

    @Test func xRevokesOnlyOnceTheConfirmationNamingItIsAnsweredYes() async throws {
        let (fixture, az) = try await Self.fixture(linked: true)
        defer { withExtendedLifetime(az) {} }
        _ = try fixture.manager.setDefaultOrganization(Self.contoso)
        var session = await fixture.session(width: 100)
        session.press("X")
        #expect(session.model.keyContext == .confirmation)
        #expect(session.frame.contains("Revoke the PAT of dev.azure.com/contoso?"))
        #expect(session.frame.contains("'laptop', valid until 2027-01-05"))
        #expect(session.frame.contains("The default organization dev.azure.com/contoso will be cleared."))
        #expect(session.frame.contains("y revoke    n cancel"))
        session.press("n")
        #expect(session.model.overlay == nil)
        #expect(session.model.status?.text == "Nothing was revoked.")
        #expect(session.takePending().isEmpty)

        session.press("X", "y")
        #expect(session.takePending() == [.revokePAT(Self.contoso)])
        #expect(session.model.status?.text == "Revoking the PAT of dev.azure.com/contoso…")
    }

    /// The keys through the runtime's interpreter and the real core, against a local PAT service
    /// and the scripted az: each answer is shown, and no token ever reaches a frame.
    @Test func createRenewRotateAndRevokeThroughTheCore() async throws {
        let service = try LocalPATService()
        let az = try ScriptedAzureCLI()
        try az.signIn([Self.jane])
        try az.token("entra-token-of-jane", forTenant: Self.jane.tenant)
        service.acceptBearer("entra-token-of-jane")
        let fixture = try Fixture(
            environment: [
                "AZURE_CONFIG_DIR": az.configDirectory, "PATH": az.binDirectory + ":" + inheritedPath,
                "ADO_ACCOUNTS_NOW": "2026-12-06T22:00:00Z",
            ], tokenVerifier: HTTPTokenVerifier())
        let organization = service.organization("contoso")
        let key = try key(organization)
        // A pasted token nobody linked: n replaces it.
        let pasted = service.addPAT(name: "from the web")
        _ = try await fixture.manager.login(
            token: PersonalAccessToken(pasted.token), organization: OrganizationURL(organization),
            verify: false)
        var session = await fixture.session(width: 200)

        await session.pressAndSettle("n")
        let created = try #require(service.entry(named: "ado-accounts organization 2026-12-06"))
        #expect(
            session.model.status?.text.hasPrefix(
                "Created 'ado-accounts organization 2026-12-06' for \(organization), valid until 2027-01-05, and stored it (it signs in as Jane Doe)."
            ) == true)
        #expect(
            fixture.manager.linkedPAT(try OrganizationURL(organization))?.authorizationID
                == created.authorizationID)
        #expect(try fixture.store.token(for: key)?.revealed == created.token)
        #expect(footer(session).contains("R renew/rotate"), "linked now")

        await session.pressAndSettle("R", "r")
        #expect(
            session.model.status
                == Status("Renewed 'ado-accounts organization 2026-12-06': valid until 2027-01-05.", .success)
        )

        await session.pressAndSettle("R", "t")
        let rotated = try #require(service.entries.last)
        #expect(rotated.authorizationID != created.authorizationID)
        #expect(service.isLive(rotated.token) && !service.isLive(created.token))
        #expect(
            session.model.status?.text
                == "Stored the new 'ado-accounts organization 2026-12-06' for \(organization), valid until 2027-01-05, and revoked the old one."
        )

        await session.pressAndSettle("X", "y")
        #expect(!service.isLive(rotated.token))
        #expect(try fixture.store.token(for: key) == nil)
        #expect(
            session.model.status
                == Status(
                    "Revoked 'ado-accounts organization 2026-12-06' and removed it here. The default organization was cleared.",
                    .success))
        #expect(!session.model.isBusy)

        for token in [pasted.token, created.token, rotated.token, "entra-token-of-jane"] {
            #expect(!session.frames.contains { $0.text.contains(token) }, "no frame shows a token")
        }
    }
}

extension Effect {
    var isLoad: Bool {
        if case .load = self { return true }
        return false
    }
}
