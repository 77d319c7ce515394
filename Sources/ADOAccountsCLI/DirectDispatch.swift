import CredentialCore

/// The exact spellings of the commands scripts and shell prompts run most, run without
/// ArgumentParser. Its reflection-based parsing costs more than the command itself: 9 of the
/// 22 million instructions `list` executes with 100 organizations, about 2 ms. Any other
/// spelling, including `--help`, a `--store` or an `=` form, goes through ArgumentParser, which
/// stays the one place that defines, documents and validates the options.
enum DirectDispatch {
    static func command(for arguments: [String]) -> ((CommandContext) throws(CredentialError) -> ExitStatus)?
    {
        switch arguments {
        case ["list"]:
            return { (context) throws(CredentialError) in
                try ListReport(json: false, store: nil).run(context: context)
            }
        case ["list", "--json"]:
            return { (context) throws(CredentialError) in
                try ListReport(json: true, store: nil).run(context: context)
            }
        case ["token"]:
            return { (context) throws(CredentialError) in
                try TokenPrinter(organization: nil, store: nil).run(context: context)
            }
        case _
        where arguments.count == 3 && arguments[0] == "token"
            && (arguments[1] == "--organization" || arguments[1] == "--org") && !arguments[2].hasPrefix("-"):
            let organization = arguments[2]
            return { (context) throws(CredentialError) in
                try TokenPrinter(organization: organization, store: nil).run(context: context)
            }
        default:
            return nil
        }
    }
}
