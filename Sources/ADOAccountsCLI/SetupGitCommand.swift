import ArgumentParser
import CredentialCore

struct SetupGit: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup-git",
        abstract: "Make git use the stored tokens for Azure Repos over HTTPS (or stop, with --remove).",
        discussion: """
            Writes, with git config, for https://dev.azure.com, https://*.visualstudio.com and the \
            server of each stored organization elsewhere: an empty credential.URL.helper (so that \
            helpers configured for every host, or already for that URL, are not asked first; they are \
            kept, and named), then \
            '!ADO-ACCOUNTS git-credential' with this program's full path, and useHttpPath where \
            the organization is in the path. A server reached over plain http:// beyond this \
            machine is set up only with --allow-http (its helper is given --allow-http). Running \
            it again writes the same. Prints the commands it ran. --remove takes out exactly what it wrote, in every section that \
            names ado-accounts git-credential.

            Examples:
              ado-accounts setup-git
              ado-accounts setup-git --local
              ado-accounts setup-git --remove
            """)

    @Flag(help: "Write to the user's git configuration (~/.gitconfig); the default.")
    var global = false

    @Flag(help: "Write to the current repository's configuration.")
    var local = false

    @Flag(help: "Remove what setup-git wrote.")
    var remove = false

    @OptionGroup var cleartext: CleartextOption

    func validate() throws {
        if global && local { throw ValidationError("--global and --local cannot be used together.") }
    }

    func run(context: CommandContext) throws(CredentialError) -> ExitStatus {
        guard let executable = CredentialCore.GitSetup.currentExecutable() else {
            throw CredentialError(.storage, "Cannot find the path of this program for git's configuration.")
        }
        let setup = CredentialCore.GitSetup(
            scope: local ? .local : .global, environment: context.environment, executable: executable)
        if remove {
            let ran = try setup.remove()
            if ran.isEmpty { context.note("No git configuration names ado-accounts git-credential.") }
            for line in ran { context.print(line) }
            return .success
        }
        let manager = try context.manager(nil)
        context.warnings(manager.warnings())
        let contexts = CredentialCore.GitSetup.contexts(
            for: try manager.accounts().organizations, allowingHTTP: cleartext.allowHTTP)
        for refusal in contexts.refused {
            context.note("\(Output.program): not set up: \(refusal.commandLineText)")
        }
        let applied = try setup.apply(contexts.served)
        for line in applied.shadowed {
            context.note(
                "\(Output.program): \(Printable.sanitized(line)) is kept, but git no longer asks it for these URLs; 'ado-accounts setup-git --remove' brings it back."
            )
        }
        applied.wrote.forEach { context.print($0) }
        return .success
    }
}
