import ArgumentParser
import CredentialCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct GitCredential: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-credential",
        abstract:
            "git's credential helper for Azure Repos over HTTPS ('ado-accounts setup-git' installs it).",
        discussion: """
            git runs it with get, store or erase and the request on standard input.

            get: for https://dev.azure.com (the organization is the first part of the path, which \
            git sends with credential.useHttpPath; without it, the user name of the URL), any \
            https://ORG.visualstudio.com, and the servers of stored organizations, answers with a \
            user name (Azure Repos accepts any) and the token: on Azure DevOps Services the one a \
            command for that organization would use (az devops' order), on another server only \
            that organization's own. Plain http:// only to this machine, or with --allow-http \
            (never to Azure DevOps Services). For any other host it prints nothing, so git asks \
            its other helpers. \
            store: does nothing; tokens are stored with 'ado-accounts login', which checks them. \
            erase: git says the token was refused. It is not deleted (one failed push is no proof \
            it is wrong); a line on standard error says which one and how to replace it.
            """)

    @OptionGroup var cleartext: CleartextOption

    @Argument(help: ArgumentHelp("get, store or erase (others are ignored).", valueName: "action"))
    var action: String

    func run(context: CommandContext) throws(CredentialError) -> ExitStatus {
        // git reads the answer through a pipe; on a terminal it would only put the token on
        // screen and in the scrollback, which `token` refuses too.
        if action == "get" && context.outputIsTerminal {
            throw CredentialError(
                .invalidInput,
                "Standard output is a terminal; git-credential answers git through a pipe and will not show a token on screen."
            )
        }
        let request = GitCredentialRequest(parsing: Self.readRequest(context.standardInput))
        guard action == "get" || action == "erase" else { return .success }
        let manager = try context.manager(nil)
        let target = try request.target(allowingHTTP: cleartext.allowHTTP) { () throws(CredentialError) in
            try manager.accounts().organizations
        }
        let organization: OrganizationURL
        switch target {
        case .notServed:
            return .success
        case .needsPath(let host):
            if action == "get" {
                context.note(
                    "\(Output.program): git did not say which organization on \(Printable.sanitized(host)) this is for; set credential.https://\(Printable.sanitized(host)).useHttpPath (ado-accounts setup-git does)."
                )
            }
            return .success
        case .refused(let refusal):
            if action == "get" { context.note("\(Output.program): \(refusal.commandLineText)") }
            return .success
        case .organization(let found):
            organization = found
        }
        guard let resolved = try manager.gitCredentialToken(for: organization) else {
            if action == "get" {
                context.note(
                    "\(Output.program): no token for \(organization.canonicalURL); run 'ado-accounts login --organization \(organization.canonicalURL)'."
                )
            }
            return .success
        }
        let token = resolved.token.revealed
        if action == "erase" {
            guard request.password == token else { return .success }
            context.note(
                "\(Output.program): \(organization.canonicalURL) refused \(resolved.source); it was kept. Check it with 'ado-accounts verify --organization \(organization.canonicalURL)', then log in again."
            )
            return .success
        }
        // A line break would end the answer early and let the rest be read as more attributes.
        guard !token.utf8.contains(where: { $0 == 0x0A || $0 == 0x00 }) else {
            throw CredentialError(
                .invalidInput, "The token for \(organization.canonicalURL) contains a line break.")
        }
        let user = request.username.flatMap { $0.isEmpty ? nil : $0 } ?? "ado-accounts"
        // Not wiped: a copy of the token's String, which outlives it (see PersonalAccessToken).
        let answer = Array("username=\(user)\npassword=\(token)\n".utf8)
        guard context.standardOutput.write(bytes: answer) else {
            throw CredentialError(.storage, "Cannot write the answer to git.")
        }
        return .success
    }

    /// Standard input up to its end (git closes it after the blank line), at most a few pages.
    private static func readRequest(_ input: ByteSource) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < GitCredentialRequest.lineLimit {
            let count = chunk.withUnsafeMutableBytes { input.read(into: $0) }
            if count <= 0 { break }
            bytes += chunk[0..<count]
            if bytes.count >= 2, bytes.suffix(2) == [0x0A, 0x0A] { break }
        }
        return bytes
    }
}
