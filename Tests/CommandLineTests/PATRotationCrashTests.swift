import Foundation
import TestSupport
import Testing

/// `pat rotate` killed with SIGKILL at each of its steps (create, store and check, revoke), on
/// the real binary against a local PAT lifecycle service: whatever the step, the token stored
/// for the organization works at the service, and a second rotation completes.
@Suite struct PATRotationCrashTests {
    /// A stored, linked PAT made by `pat create`, and everything it needs.
    struct Fixture {
        let cli: CLI
        let az: ScriptedAzureCLI
        let service: LocalPATService
        var organization: String { service.organization("contoso") }
        var devopsDirectory: String { az.configDirectory + "/azuredevops" }
        var storedFile: String { FileSnapshot.text(devopsDirectory + "/personalAccessTokens") ?? "" }

        init() throws {
            az = try ScriptedAzureCLI()
            cli = try CLI()
            service = try LocalPATService()
            cli.environment["PATH"] = az.binDirectory + ":" + inheritedPath
            cli.environment["AZURE_CONFIG_DIR"] = az.configDirectory
            try az.signIn([ScriptedAzureCLI.Account(user: "jane@contoso.com", tenant: "t-1")])
            try az.token("entra-secret-0123456789", forTenant: "t-1")
            service.acceptBearer("entra-secret-0123456789")
            let created = try cli.run("pat", "create", "--org", organization, "--name", "laptop")
            guard created.status == 0 else { throw TestSupportError("pat create: \(created.output)") }
        }

        /// The live tokens of the service that are stored here.
        var storedLiveTokens: [LocalPATService.Entry] {
            let stored = storedFile
            return service.entries.filter { service.isLive($0.token) && stored.contains($0.token) }
        }
    }

    @Test func aRotationKilledAtEachStepLeavesAWorkingTokenStored() throws {
        let scratch = try TemporaryDirectory("pat-api-rotate-steps")
        let trace = scratch.appending("trace")
        let reference = try Fixture()
        let completed = try reference.cli.run(
            ["pat", "rotate", "--org", reference.organization], input: nil,
            environment: CrashStep.tracing(to: trace))
        try #require(completed.status == 0, "the rotation itself fails: \(completed.output)")
        let steps = CrashStep.steps(inTrace: trace)
        for name in ["pat.rotate.created", "pat.rotate.stored", "pat.rotate.revoked"] {
            try #require(
                steps.contains { $0.name == name }, "\(name) was not reached: is this a debug build?")
        }
        let secrets = reference.service.entries.map(\.token) + ["entra-secret-0123456789"]
        let traced = FileSnapshot.text(trace) ?? ""
        #expect(secrets.allSatisfy { !completed.output.contains($0) && !traced.contains($0) })

        for step in steps {
            let fixture = try Fixture()
            let killed = try fixture.cli.run(
                ["pat", "rotate", "--org", fixture.organization], input: nil, environment: step.environment)
            #expect(killed.signal == SIGKILL, "\(step) was not reached again: \(killed.output)")
            #expect(fixture.storedLiveTokens.count == 1, "after a kill at \(step), the stored token works")
            let verified = try fixture.cli.run("verify", "--org", fixture.organization)
            #expect(verified.status == 0, "after a kill at \(step): \(verified.output)")

            let again = try fixture.cli.run("pat", "rotate", "--org", fixture.organization)
            #expect(again.status == 0, "a rotation after a kill at \(step): \(again.output)")
            #expect(fixture.storedLiveTokens.count == 1)
            #expect(secrets.allSatisfy { !again.output.contains($0) && !killed.output.contains($0) })
        }
    }
}
