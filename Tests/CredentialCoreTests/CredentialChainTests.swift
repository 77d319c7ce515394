import Testing

@testable import CredentialCore

@Suite struct AzureProfileTests {
    @Test func readsTheCLIsProfileWithItsByteOrderMarkDefaultFirst() {
        let text =
            "\u{FEFF}" + #"""
                {"installationId": "x", "subscriptions": [
                  {"id": "s1", "name": "Dev", "user": {"name": "bob@fabrikam.com", "type": "user"}, "isDefault": false, "tenantId": "t2"},
                  {"id": "s2", "name": "Prod", "user": {"name": "jane@contoso.com", "type": "user"}, "isDefault": true, "tenantId": "t1"},
                  {"id": "s3", "name": "N/A(tenant level account)", "user": {"name": "app-id", "type": "servicePrincipal"}, "isDefault": false, "tenantId": "t3"}
                ]}
                """#
        let accounts = AzureProfile.accounts(from: Array(text.utf8))
        #expect(accounts?.map(\.userName) == ["jane@contoso.com", "bob@fabrikam.com", "app-id"])
        #expect(
            accounts?.first
                == AzureAccount(
                    userName: "jane@contoso.com", userType: "user", tenantID: "t1", subscriptionID: "s2",
                    subscriptionName: "Prod", isDefault: true))
        #expect(accounts?.last?.userType == "servicePrincipal")
    }

    @Test(arguments: [
        "", "{", "[]", "null", "\u{FEFF}", #"{"subscriptions": "nope"}"#,
        String(repeating: "{", count: 50_000),
    ])
    func malformedProfilesAreNotProfiles(text: String) {
        #expect(AzureProfile.accounts(from: Array(text.utf8)) == nil)
    }

    @Test func aProfileWithoutSubscriptionsIsSignedOut() {
        #expect(AzureProfile.accounts(from: Array(#"{"subscriptions": []}"#.utf8)) == [])
        #expect(AzureProfile.accounts(from: Array(#"{"installationId": "x"}"#.utf8)) == [])
    }
}

@Suite struct CredentialChainTests {
    let organization = try! OrganizationURL("contoso")
    let jane = AzureAccount(
        userName: "jane@contoso.com", userType: "user", tenantID: "t1", subscriptionID: "s1",
        subscriptionName: "Prod", isDefault: true)
    let bob = AzureAccount(
        userName: "bob@fabrikam.com", userType: "user", tenantID: "t2", subscriptionID: "s2",
        subscriptionName: "Dev", isDefault: false)

    func azure(_ accounts: [AzureAccount]) -> AzureCLIState {
        AzureCLIState(executable: "/usr/bin/az", profilePath: "/p", accounts: accounts, problem: nil)
    }

    func chain(
        _ accounts: [AzureAccount], variable: String? = nil, own: StoreKind? = nil,
        fallback: StoreKind? = nil,
        checked: [String: VerificationResult] = [:]
    ) -> [(CredentialChain.Link, CredentialChain.Standing)] {
        CredentialChain.build(
            organization: organization, azure: azure(accounts), environmentVariable: variable, ownToken: own,
            defaultCredential: fallback, checked: checked
        ).steps.map { ($0.link, $0.standing) }
    }

    @Test func signedOutFollowsThePATOrder() {
        let steps = chain([], variable: "AZURE_DEVOPS_EXT_PAT", own: .keyring, fallback: .file)
        #expect(
            steps.map(\.0) == [
                .environment(variable: "AZURE_DEVOPS_EXT_PAT"), .organization(.keyring),
                .defaultCredential(.file),
            ])
        #expect(steps.map(\.1) == [.applies, .shadowed, .shadowed])
        #expect(chain([], fallback: .file).map(\.1) == [.applies])
        #expect(chain([]).isEmpty)
    }

    @Test func aLoneSignInWithoutAnyPATIsUsedUnchecked() {
        #expect(chain([jane]).map(\.1) == [.applies])
    }

    @Test func aSignInIsTriedBeforeAStoredPAT() {
        let steps = chain([jane], own: .file, fallback: .file)
        #expect(steps.map(\.0) == [.azureCLI(jane), .organization(.file), .defaultCredential(.file)])
        #expect(steps.map(\.1) == [.triedFirst, .fallback, .shadowed])
    }

    @Test func severalIdentitiesAreAllTriedEvenWithoutAPAT() {
        #expect(chain([jane, bob]).map(\.1) == [.triedFirst, .triedFirst])
    }

    @Test func aCheckedValidSignInShadowsThePATs() {
        let valid = VerificationResult.valid(Identity(displayName: "Jane", id: "1"))
        let steps = chain([jane], variable: "AZURE_DEVOPS_EXT_PAT", own: .file, checked: ["t1": valid])
        #expect(steps.map(\.1) == [.applies, .shadowed, .shadowed])
    }

    @Test func aRefusedSignInFallsThroughToTheNextIdentityThenThePATs() {
        let refused = VerificationResult.rejected(reason: "HTTP 401")
        let valid = VerificationResult.valid(Identity(displayName: "Bob", id: "2"))
        #expect(
            chain([jane, bob], own: .file, checked: ["t1": refused, "t2": valid]).map(\.1) == [
                .refused(reason: "HTTP 401"), .applies, .shadowed,
            ])
        #expect(
            chain([jane, bob], own: .file, checked: ["t1": refused, "t2": refused]).map(\.1) == [
                .refused(reason: "HTTP 401"), .refused(reason: "HTTP 401"), .applies,
            ])
    }

    @Test func identitiesAreDistinctTenantAndUserPairs() {
        let second = AzureAccount(
            userName: "jane@contoso.com", userType: "user", tenantID: "t1", subscriptionID: "s9",
            subscriptionName: "Other", isDefault: false)
        #expect(azure([jane, second, bob]).identities == [jane, bob])
        #expect(azure([jane, second, bob]).summary == "jane@contoso.com (2 tenants)")
    }

    /// The PAT order is written once (`TokenChain.links`): resolution takes its first link and
    /// asks for no store beyond it; status takes them all.
    @Test func resolutionStopsAtTheFirstPATLinkOfTheOneOrder() {
        let own = organization.key
        var asked: [CredentialKey] = []
        func storeOf(_ key: CredentialKey) -> StoreKind? {
            asked.append(key)
            return key.isDefaultCredential ? .file : .keyring
        }
        let all = TokenChain.links(
            variable: "AZURE_DEVOPS_EXT_PAT", organization: own, firstOnly: false, storeOf: storeOf)
        #expect(
            all == [
                .environment(variable: "AZURE_DEVOPS_EXT_PAT"), .organization(.keyring),
                .defaultCredential(.file),
            ])
        asked = []
        #expect(
            TokenChain.source(for: own, variable: "AZURE_DEVOPS_CLI_PAT", storeOf: storeOf)
                == .environment(variable: "AZURE_DEVOPS_CLI_PAT"))
        #expect(asked.isEmpty, "a variable wins before any store is read")
        #expect(TokenChain.source(for: own, variable: nil, storeOf: storeOf) == .organization(own, .keyring))
        #expect(asked == [own], "the default credential is not read when the organization has a PAT")
        asked = []
        #expect(
            TokenChain.source(for: .defaultCredential, variable: nil, storeOf: storeOf)
                == .defaultCredential(.file))
        #expect(asked == [.defaultCredential], "the default credential is not its own organization")
        #expect(TokenChain.source(for: own, variable: nil) { _ in nil } == nil)
    }

    @Test func childProcessesNeverInheritAPATVariable() {
        let environment = Environment([
            "AZURE_DEVOPS_EXT_PAT": "a", "AZURE_DEVOPS_CLI_PAT": "b", "PATH": "/bin",
            "AZURE_CONFIG_DIR": "/x",
        ])
        #expect(environment.forChildProcess == ["PATH": "/bin", "AZURE_CONFIG_DIR": "/x"])
    }
}
