import Foundation
import TestSupport
import Testing

@testable import CredentialCore

/// Keys must be az's byte for byte (docs/storage.md §3), including where Python's `str.lower()` differs
/// from Swift's `lowercased()` (a final capital sigma) and for paths with spaces, which az takes.
@Suite struct AzKeyNormalizationTests {
    /// Produced with CPython 3.11.7: `urlparse`, then §3 with `str.lower()` (the script below);
    /// `pythonAgrees` recomputes them with whichever Python is here.
    static let vectors: [(String, String)] = [
        ("https://dev.azure.com/ΟΔΟΣ", "https://dev.azure.com/οδος"),
        ("https://dev.azure.com/ΣΑΣ ΣΑΣ", "https://dev.azure.com/σας σας"),
        ("https://dev.azure.com/Σ", "https://dev.azure.com/σ"),
        ("https://dev.azure.com/ΑΣ.", "https://dev.azure.com/ας."),
        ("https://dev.azure.com/ΑΣ.Β", "https://dev.azure.com/ασ.β"),
        ("https://dev.azure.com/Α'Σ/x", "https://dev.azure.com/α'ς"),
        ("https://dev.azure.com/ΣΑΣ-ΣΑΣ", "https://dev.azure.com/σας-σας"),
        ("https://dev.azure.com/ΑΣ\u{301}", "https://dev.azure.com/ας\u{301}"),
        ("https://ΤΦΣ.example/Coll", "https://τφσ.example/coll"),
        ("https://ΟΔΟΣ.example:8080/ΑΣ/_git/r", "https://οδοσ.example:8080/ας"),
        ("https://dev.azure.com/İstanbul", "https://dev.azure.com/i\u{307}stanbul"),
        ("http://tfs.example/My Collection", "http://tfs.example/my collection"),
        ("http://tfs.example/My Collection/Project/_git/Repo", "http://tfs.example/my collection"),
        ("https://dev.azure.com/My\u{A0}Org", "https://dev.azure.com/my\u{A0}org"),
    ]

    @Test(arguments: vectors)
    func theKeyIsAzs(input: String, key: String) throws {
        let organization = try OrganizationURL(input)
        #expect(organization.key.rawValue == "azdevops-cli:" + key)
        #expect(OrganizationURL(key: organization.key) != nil, "a key az writes is one we read back")
    }

    /// The same inputs through the real `urlparse` and `str.lower()`, when Python is here.
    @Test(.enabled(if: Self.python != nil)) func pythonAgrees() throws {
        let script = """
            import sys
            from urllib.parse import urlparse
            for url in sys.argv[1:]:
                parts = urlparse(url)
                key = parts.scheme.lower() + "://" + parts.netloc.lower()
                path = parts.path.lower()
                if path and "visualstudio.com" not in url.lower():
                    key += "/" + path.split("/")[1]
                print(key)
            """
        let inputs =
            Self.vectors.map(\.0) + ["https://dev.azure.com/ΑΣ ΣΑΣ.Σ", "https://ΑΣ.visualstudio.com/X"]
        let result = try ChildProcess.run(
            [Self.python!, "-c", script] + inputs,
            environment: ["PATH": inheritedPath, "PYTHONIOENCODING": "utf-8", "LANG": "C.UTF-8"])
        #expect(result.status == 0, "\(result.standardError)")
        let keys = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(keys.count == inputs.count)
        for (input, key) in zip(inputs, keys) {
            #expect(try OrganizationURL(input).key.organizationURL == String(key), "\(input)")
        }
    }

    @Test(arguments: [
        ("ΟΔΟΣ", "οδος"), ("ΣΑΣ ΣΑΣ", "σας σας"), ("Σ", "σ"), ("ΑΣ.", "ας."), ("ΑΣ.Β", "ασ.β"),
        ("aΣb", "aσb"), ("ΑΣΣ", "ασς"), ("ASCII", "ascii"),
    ])
    func pythonLowercase(text: String, lowered: String) {
        #expect(PythonLowercase.lower(text) == lowered)
    }

    /// The connectionData address carries the space encoded, as az's HTTP library sends it.
    @Test func aCollectionWithASpaceIsCheckedAtItsEncodedAddress() throws {
        let organization = try OrganizationURL("http://127.0.0.1:8080/My Collection")
        #expect(
            organization.connectionDataURL == "http://127.0.0.1:8080/My%20Collection/_apis/connectionData")
    }

    static let python: String? = {
        if let given = ProcessInfo.processInfo.environment["ADO_ACCOUNTS_TEST_PYTHON"], !given.isEmpty {
            return FileManager.default.isExecutableFile(atPath: given) ? given : nil
        }
        return ["/usr/bin/python3", "/usr/local/bin/python3"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }()
}
