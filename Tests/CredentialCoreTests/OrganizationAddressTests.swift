import Testing

@testable import CredentialCore

/// Where a token for an organization really goes: the address checked is the one stored, the
/// host shown is the one contacted, and plain http:// only reaches this machine unless allowed.
@Suite struct OrganizationAddressTests {
    func refusal(_ input: String) -> String? {
        do {
            _ = try OrganizationURL(input)
            return nil
        } catch {
            #expect(error.kind == .invalidInput)
            #expect(!error.message.contains("\n"))
            return error.message
        }
    }

    /// `…/contoso/../../x` would be checked at /x and stored as contoso: refused, whoever wrote it.
    @Test(arguments: [
        "https://dev.azure.com/contoso/../../x", "https://tfs.example.com/tfs/../x",
        "https://tfs.example.com/./tfs", "https://tfs.example.com/tfs/%2e%2E/x", "https://dev.azure.com/..",
        "https://tfs.example.com/tfs/.%2e", "dev.azure.com/contoso/..",
    ])
    func dotSegmentsAreRefused(input: String) throws {
        #expect(refusal(input)?.contains("segment") == true, "\(input)")
        #expect(throws: CredentialError.self) { try OrganizationURL(stored: input) }
        let key = try #require(CredentialKey(stored: "azdevops-cli:" + input))
        #expect(OrganizationURL(key: key) == nil, "a stored key with one is raw")
    }

    @Test func aBackslashInThePathIsRefused() {
        #expect(refusal("https://tfs.example.com/tfs\\..\\x")?.contains("backslash") == true)
    }

    @Test(arguments: [
        "https://dev.azure.com/a.b", "https://tfs.example.com/tfs/v1.2/x", "https://dev.azure.com/...x",
    ])
    func dotsInsideANameAreKept(input: String) throws {
        #expect(refusal(input) == nil)
    }

    /// Typed, `name@host` only disguises the host; az's keys with it are still read.
    @Test func userInformationIsRefusedWhenTypedAndKeptWhenStored() throws {
        let message = try #require(refusal("https://dev.azure.com@evil.example/org"))
        #expect(message.contains("before its host, which is evil.example"), "\(message)")
        #expect(message.contains("https://evil.example/org"))
        #expect(refusal("https://user@dev.azure.com/MyOrg/P/_git/R") != nil)

        let stored = try OrganizationURL(stored: "https://dev.azure.com@evil.example/org")
        #expect(stored.connectionDataURL == "https://evil.example/org/_apis/connectionData")
        #expect(
            stored.hostWarning == "the host is evil.example; 'dev.azure.com@' before it is a user name")
        let clone = try OrganizationURL(stored: "https://user@dev.azure.com/MyOrg/P/_git/R")
        #expect(clone.hostWarning == nil, "a plain user name misleads no one")
        #expect(OrganizationURL(key: clone.key)?.canonicalURL == "https://user@dev.azure.com/myorg")
    }

    /// Look-alike hosts are shown by their real (ASCII) name wherever the organization is named.
    @Test(arguments: [
        (
            "https://dev.аzure.com/contoso",
            "the host is dev.xn--zure-43d.com (non-ASCII: а U+0430), not dev.azure.com"
        ),
        ("https://dev.azure.com.evil.example/x", "the host is dev.azure.com.evil.example, not dev.azure.com"),
        ("https://dev-azure.com/x", "the host is dev-azure.com, not dev.azure.com"),
        ("https://DEV.AZURE.COM.evil.example/x", "the host is dev.azure.com.evil.example, not dev.azure.com"),
        (
            "https://dev.azure.cοm/x",
            "the host is dev.azure.xn--cm-jbc (non-ASCII: ο U+03BF), not dev.azure.com"
        ),
        ("https://contoso.visuaIstudio.com", "the host is contoso.visuaistudio.com, not visualstudio.com"),
        ("https://bücher.example/tfs", "the host is xn--bcher-kva.example (non-ASCII: ü U+00FC)"),
    ])
    func lookAlikeHostsAreNamedByTheirRealHost(input: String, warning: String) throws {
        let organization = try OrganizationURL(input)
        #expect(organization.hostWarning == warning)
        #expect(organization.displayName == organization.canonicalURL + " (" + warning + ")")
        let host = String(warning.dropFirst("the host is ".count).prefix { $0 != " " && $0 != "," })
        #expect(
            organization.connectionDataURL.hasPrefix("https://" + host + "/"),
            "the host shown is the one asked")
    }

    @Test(arguments: [
        "https://dev.azure.com/contoso", "https://contoso.visualstudio.com", "https://tfs.contoso.com/tfs",
        "https://vssps.dev.azure.com/contoso", "http://127.0.0.1:8080/x", "https://dev.azure.com./contoso",
    ])
    func ordinaryHostsHaveNoWarning(input: String) throws {
        let organization = try OrganizationURL(input)
        #expect(organization.hostWarning == nil)
        #expect(organization.displayName == organization.canonicalURL)
    }

    /// Plain HTTP: this machine only; elsewhere when allowed; Azure DevOps Services never.
    @Test(
        arguments: [
            ("http://127.0.0.1:8080/x", false, nil),
            ("http://127.200.3.4/x", false, nil),
            ("http://localhost:8080/tfs", false, nil),
            ("http://[::1]:8080/tfs", false, nil),
            ("http://[0:0:0:0:0:0:0:1]/tfs", false, nil),
            ("https://tfs.example.com/tfs", false, nil),
            ("http://tfs.example.com/tfs", false, "unencrypted to tfs.example.com"),
            ("http://tfs.example.com/tfs", true, nil),
            ("http://127.1/x", false, "unencrypted to 127.1"),
            ("http://0177.0.0.1/x", false, "unencrypted"),
            ("http://127.0.0.1.example/x", false, "unencrypted"),
            ("http://localhost.example/x", false, "unencrypted"),
            ("http://[::2]/x", false, "unencrypted"),
            ("http://dev.azure.com/x", false, "only served over https"),
            ("http://dev.azure.com/x", true, "Use https://dev.azure.com/x"),
            ("http://DEV.Azure.COM./x", true, "only served over https"),
            ("http://contoso.visualstudio.com", true, "only served over https"),
            ("http://vssps.dev.azure.com/x", true, "only served over https"),
        ] as [(String, Bool, String?)])
    func plainHTTPGoesOnlyWhereItIsSafeOrAllowed(input: String, allowed: Bool, reason: String?) throws {
        let refusal = try OrganizationURL(input).cleartextRefusal(allowingHTTP: allowed)
        if let reason {
            #expect(refusal?.message.contains(reason) == true, "\(input): \(refusal?.message ?? "nil")")
        } else {
            #expect(refusal == nil, "\(input)")
        }
    }

    @Test func punycodeMatchesRFC3492() {
        // RFC 3492 §7.1 (A) Arabic (Egyptian) and (L) "3<nen>B<gumi><kinpachi><sensei>".
        #expect(
            Punycode.encode(
                [
                    0x0644, 0x064A, 0x0647, 0x0645, 0x0627, 0x0628, 0x062A, 0x0643, 0x0644, 0x0645, 0x0648,
                    0x0634, 0x0639, 0x0631, 0x0628, 0x064A, 0x061F,
                ]) == "egbpdaj6bu4bxfgehfvwxn")
        #expect(
            Punycode.encode([0x33, 0x5E74, 0x42, 0x7D44, 0x91D1, 0x516B, 0x5148, 0x751F])
                == "3B-ww4c5e180e575a65lsy2b")
    }
}
