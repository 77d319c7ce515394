import ArgumentParser
import CredentialCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct GitCredential: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-credential",
        abstract:
            "git's credential helper for Azure Repos over HTTPS ('ado-accounts setup-git' installs it).",
        discussion: """
            git runs it with get, store or erase and the request on standard input.

            get: for https://dev.azure.com (the organization is the first part of the path, which
            git sends with credential.useHttpPath; without it, the user name of the URL), any
            https://ORG.visualstudio.com, and the servers of stored organizations, answers with the
            token a command for that organization would use (az devops' order) and a user name
            (Azure Repos accepts any). For any other host it prints nothing, so git asks its other
            helpers.
            store: does nothing; tokens are stored with 'ado-accounts login', which checks them.
            erase: git says the token was refused. It is not deleted (one failed push is no proof
            it is wrong); a line on standard error says which one and how to replace it.
            """)

    @Argument(help: ArgumentHelp("get, store or erase (others are ignored).", valueName: "action"))
    var action: String

    func run() throws {
        let request = GitCredentialRequest(parsing: Self.readRequest())
        guard action == "get" || action == "erase" else { return }
        let manager = try AccountManager()
        let target = try request.target { () throws(CredentialError) in try manager.accounts().organizations }
        let organization: OrganizationURL
        switch target {
        case .notServed:
            return
        case .needsPath(let host):
            if action == "get" {
                Output.note(
                    "\(Output.program): git did not say which organization on \(Printable.sanitized(host)) this is for; set credential.https://\(Printable.sanitized(host)).useHttpPath (ado-accounts setup-git does)."
                )
            }
            return
        case .organization(let found):
            organization = found
        }
        guard let resolved = try manager.resolveToken(for: organization) else {
            if action == "get" {
                Output.note(
                    "\(Output.program): no token for \(organization.canonicalURL); run 'ado-accounts login --organization \(organization.canonicalURL)'."
                )
            }
            return
        }
        let token = resolved.token.revealed
        if action == "erase" {
            guard request.password == token else { return }
            Output.note(
                "\(Output.program): \(organization.canonicalURL) refused \(resolved.source); it was kept. Check it with 'ado-accounts verify --organization \(organization.canonicalURL)', then log in again."
            )
            return
        }
        // A line break would end the answer early and let the rest be read as more attributes.
        guard !token.utf8.contains(where: { $0 == 0x0A || $0 == 0x00 }) else {
            throw CredentialError(
                .invalidInput, "The token for \(organization.canonicalURL) contains a line break.")
        }
        let user = request.username.flatMap { $0.isEmpty ? nil : $0 } ?? "ado-accounts"
        // Not wiped: a copy of the token's String, which outlives it (see PersonalAccessToken).
        let answer = Array("username=\(user)\npassword=\(token)\n".utf8)
        var offset = 0
        while offset < answer.count {
            let written = answer.withUnsafeBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw CredentialError(.storage, "Cannot write the answer to git.")
            }
            offset += written
        }
    }

    /// Standard input up to its end (git closes it after the blank line), at most a few pages.
    private static func readRequest() -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < GitCredentialRequest.lineLimit {
            let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes += chunk[0..<count]
            if bytes.count >= 2, bytes.suffix(2) == [0x0A, 0x0A] { break }
        }
        return bytes
    }
}
