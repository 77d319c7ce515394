import ADOAccountsCLI
import CredentialCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// The process around the commands: its hardening, its streams and its exit status. Everything
// else is in ADOAccountsCLI, which tests run in-process.
let arguments = Array(CommandLine.arguments.dropFirst())
let context = CommandContext.process(arguments: arguments)
// Before anything can hold a token (the PAT variables are in memory already).
context.warnings(ProcessHardening.apply())
LockWaitNotice.deliver { [context] in context.error($0) }
let given = ADOAccountsProgram.arguments(arguments, context: context)
if let status = ADOAccountsProgram.runDirectly(given, context: context) { exit(status.rawValue) }
exit(await ADOAccountsProgram.run(given, context: context, fastPath: false).rawValue)
