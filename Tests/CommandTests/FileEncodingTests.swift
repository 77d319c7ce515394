import Foundation
import TestSupport
import Testing

/// What is in the files besides what a command changes: bytes that are not UTF-8 stay as they
/// were, and a file in an encoding az cannot read is refused rather than half rewritten.
@Suite struct FileEncodingTests {
    let cli: CLI

    init() async throws {
        cli = try await CLI.withExistingAccounts()
    }

    func append(_ bytes: [UInt8], to path: String) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw TestSupportError("cannot open \(path)")
        }
        handle.seekToEndOfFile()
        handle.write(Data(bytes))
        handle.closeFile()
    }

    /// A rewrite used to turn every byte that is not UTF-8, in lines it did not change, into
    /// U+FFFD (EF BF BD): a Latin-1 comment or value elsewhere in the file was altered.
    @Test func bytesThatAreNotUTF8ElsewhereSurviveEveryWrite() async throws {
        let latin1Config: [UInt8] =
            Array("[core]\n# caf".utf8) + [0xE9] + Array("\nname = na".utf8) + [0xEF, 0x76, 0xFF, 0x0A]
        let latin1Tokens: [UInt8] = Array("# \u{0}".utf8) + [0xFE, 0x0A]
        try append(latin1Config, to: cli.configFile)
        try append(latin1Tokens, to: cli.tokenFile)
        for arguments in [
            ["login", "--org", "new", "--skip-verify"], ["use", "new"], ["logout", "--org", "existing"],
            ["configure", "--defaults", "project=Other"],
        ] {
            let result = try await cli.run(arguments, input: Array("new-token\n".utf8))
            #expect(result.status == 0, "\(arguments): \(result.output)")
            let config = FileSnapshot.bytes(cli.configFile) ?? []
            let tokens = FileSnapshot.bytes(cli.tokenFile) ?? []
            #expect(config.firstRange(of: latin1Config) != nil, "\(arguments): \(config)")
            #expect(tokens.firstRange(of: latin1Tokens) != nil, "\(arguments): \(tokens)")
        }
    }

    /// az reads these files as UTF-8 and cannot read a UTF-16 one at all; writing a change into
    /// it as UTF-8 would leave a file in two encodings. Refused, one line, nothing changed.
    @Test(arguments: ["config", "organization_list", "personalAccessTokens"])
    func aUTF16FileIsRefusedClearly(name: String) async throws {
        let path = cli.configDirectory + "/" + name
        let text = String(decoding: FileSnapshot.bytes(path) ?? [], as: UTF8.self)
        let utf16: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(utf16)))
        chmod(path, 0o600)
        let before = cli.files
        for arguments in [
            ["list"], ["use", "other"], ["login", "--org", "new", "--skip-verify"], ["logout", "--all"],
        ] {
            let result = try await cli.run(arguments, input: Array("new-token\n".utf8))
            #expect(result.status == 5, "\(arguments): \(result.output)")
            #expect(
                result.errorLines == [
                    "ado-accounts: \(path) is UTF-16 text, which az cannot read; convert it to UTF-8 (iconv -f UTF-16 -t UTF-8) and try again."
                ], "\(arguments)")
            #expect(cli.files == before, "\(arguments)")
        }
    }
}
