import Foundation
import Testing

@testable import AccountsUI

/// The keymap is the one declaration of the keys: these hold it to itself and the README to it.
@Suite("The keymap")
struct KeymapTests {
    /// The contexts a person can be in (az's run is the terminal's, not the model's).
    static let modelContexts: [KeyContext] = [
        .list, .filter, .loginForm, .loginFormSubmitting, .confirmation, .help,
    ]

    @Test func aKeyHasOneMeaningInEachContext() {
        for context in KeyContext.allCases {
            var seen: [Key: Command] = [:]
            for binding in Keymap.bindings where binding.context == context {
                for (key, command) in binding.pairs {
                    if let earlier = seen.updateValue(command, forKey: key) {
                        Issue.record("\(key) is bound to \(earlier) and \(command) in \(context)")
                    }
                }
            }
        }
        // A context may not change what a key does everywhere else (az's run is az's own).
        for context in Self.modelContexts {
            for binding in Keymap.bindings where binding.context == .anywhere {
                for (key, command) in binding.pairs {
                    #expect(Keymap.command(for: key, in: context) == command, "\(key) in \(context)")
                }
            }
        }
    }

    /// No key does something the help does not tell: each binding is listed, or is another key
    /// for a command listed in its context (Y for y), or edits the text being typed.
    @Test func everyBindingIsDocumentedOrAnotherKeyForADocumentedOne() {
        let documented = Set(
            Keymap.bindings.filter { $0.help != nil }.flatMap { binding in
                binding.commands.map { "\(binding.context) \($0)" }
            })
        for binding in Keymap.bindings where binding.help == nil {
            for command in binding.commands where !command.editsText {
                let listed =
                    documented.contains("\(binding.context) \(command)")
                    || documented.contains("\(KeyContext.anywhere) \(command)")
                #expect(listed, "\(binding.keys) in \(binding.context): \(command) is in no help line")
            }
        }
    }

    /// Where typing goes into a field, no printable character is taken by a binding.
    @Test func typingLosesNoCharacterToABinding() {
        for context in [KeyContext.filter, .loginForm] {
            #expect(Keymap.unboundKeys(in: context) == .typed)
            for binding in Keymap.bindings where binding.context == context || binding.context == .anywhere {
                for (key, _) in binding.pairs {
                    if case .character = key { Issue.record("\(key) is bound while typing in \(context)") }
                }
            }
        }
    }

    /// The footer shows keys of the context the person is in, named as the help names them.
    @Test func theFooterAndTheHelpNameKeysAlike() async throws {
        // A row: the empty list leaves out the keys that act on one.
        let fixture = try Fixture()
        try await fixture.seed(["contoso"])
        var session = await fixture.session(width: 160)
        #expect(session.model.keyContext == .list)
        let footer = session.frame.lines[23]
        for binding in Keymap.bindings where binding.context == .list && binding.footer != nil {
            let label = binding.footerName(.unicode) + " " + binding.footer!.label
            // L and O: whichever applies; nobody is signed in to the Azure CLI here, so n, R and
            // X, which need that sign-in, are left out too (PATKeysTests shows them).
            if [.signOutOfAzureCLI, .createPAT, .changePAT, .revokePAT].contains(binding.commands[0]) {
                continue
            }
            // b: only where there are notices to read (NoticesTests).
            if binding.commands == [.showNotices] { continue }
            #expect(footer.contains(label), "the footer shows \(label)")
        }
        session.press("/")
        #expect(session.model.keyContext == .filter)
        #expect(session.frame.lines[23].contains("Enter keep"))
        #expect(!session.frame.lines[23].contains("a add"), "the list's keys are not the filter's")
    }

    /// The README's key tables list exactly the keys the help lists for those places: every key
    /// documented, and nothing documented that does not exist. A backticked key name in a
    /// description (`Ctrl-Z` suspends) counts; a single character there is text (`•`).
    @Test(arguments: [
        ("In the list", [KeyContext.list, .filter, .anywhere]), ("In the login form", [.loginForm]),
    ])
    func theReadmeKeyTablesSayWhatTheKeymapSays(table: String, contexts: [KeyContext]) throws {
        let readme = try String(contentsOf: Self.readme, encoding: .utf8)
        let rows = try #require(Self.tableRows(readme, titled: table), "README.md has a '\(table)' table")
        let names = Set(Keymap.bindings.flatMap { $0.pairs.map { Keymap.name(of: $0.key, .unicode) } })
        var inReadme = Set<String>()
        for (keys, description) in rows {
            inReadme.formUnion(Self.backticked(keys))
            inReadme.formUnion(Self.backticked(description).filter { $0.count > 1 && names.contains($0) })
        }
        let inKeymap = Set(
            Keymap.bindings.filter { contexts.contains($0.context) && $0.help != nil }.flatMap { binding in
                binding.pairs.map { Keymap.name(of: $0.key, .unicode) }
            })
        #expect(inReadme.subtracting(inKeymap).sorted() == [], "documented in README.md but not bound")
        #expect(inKeymap.subtracting(inReadme).sorted() == [], "bound but missing from README.md")
    }

    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../README.md").standardized

    /// The rows (key column, description) of the table whose header is `| Keys | title |`.
    static func tableRows(_ markdown: String, titled title: String) -> [(String, String)]? {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.firstIndex(where: { $0.hasPrefix("| Keys | \(title) |") }) else {
            return nil
        }
        var rows: [(String, String)] = []
        for line in lines[(header + 2)...] {
            guard line.hasPrefix("|") else { break }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard cells.count >= 3 else { break }
            rows.append((cells[1], cells[2]))
        }
        return rows
    }

    static func backticked(_ text: String) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }
}
