import ArgumentParser
import CredentialCore

struct Migrate: ParsableCommand, RunnableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move every stored token to the keyring or to the file.",
        discussion: """
            Each token is written to the target, read back and compared, and only then deleted \
            from the other store, so an interruption never loses one. A token that the target \
            already holds with a different value is left in both places and reported; log in \
            again to choose. --to file succeeds with nothing to move when there is no keyring \
            (no D-Bus session, no Secret Service), or it is locked and holds no item of az's.

            Examples:
              ado-accounts migrate --to keyring
              ado-accounts migrate --to file
            """)

    @Option(help: ArgumentHelp("Where the tokens go: keyring or file.", valueName: "store"))
    var to: StoreKindArgument

    func run(context: CommandContext) throws(CredentialError) -> ExitStatus {
        // --to keyring opens the stores as `auto` does: the keyring's absence is then said as
        // migrate's own error, not with advice for the options of other commands.
        let manager = try context.manager(to == .keyring ? .auto : .file)
        if manager.stores.contains(where: { $0.kind == .keyring }), let notice = manager.storeNotice {
            context.note(notice)
        }
        context.warnings(manager.warnings())
        let report = try manager.migrate(to: to.kind)
        if let why = report.sourceUnavailable {
            context.note("Nothing to move from the keyring: \(why).")
            return .success
        }
        for entry in report.entries {
            let name = entry.key.spokenName
            switch entry.outcome {
            case .moved: context.note("Moved \(name) to the \(report.to.rawValue).")
            case .alreadyThere:
                context.note(
                    "\(name) was already in the \(report.to.rawValue); removed the copy in the \(report.from.rawValue)."
                )
            case .conflict:
                context.warning(
                    "\(name): the \(report.to.rawValue) already holds a different token; both were kept. Log in again to choose one."
                )
            }
        }
        let count = report.moved.count
        if report.entries.isEmpty {
            context.note("No tokens in the \(report.from.rawValue) to move.")
        } else if let held = report.heldByTarget {
            context.note(
                "Moved \(Self.tokens(count)); the \(report.to.rawValue) now holds \(Self.tokens(held)).")
        } else {
            context.note("Moved \(Self.tokens(count)) to the \(report.to.rawValue).")
        }
        return report.conflicts.isEmpty ? .success : .notFound
    }

    private static func tokens(_ count: Int) -> String { "\(count) token\(count == 1 ? "" : "s")" }
}

/// `--to keyring|file`: a store that tokens can be moved to.
enum StoreKindArgument: String, ExpressibleByArgument, CaseIterable {
    case keyring
    case file

    var kind: StoreKind { self == .keyring ? .keyring : .file }
}
